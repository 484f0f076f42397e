"""Single-use codes one person hands to another, stored only as a hash (services/tokens.py).

- `nominee`: a representative invites the worker of a unit/association nomination to claim it;
- `lead`: a union invites the craftsman named in a lead to start a self-nomination;
- `endorsement`: a self-nominee shows it (as a QR code) to the employer, who endorses by scanning it;
- `representative`: an organizer invites a person to become an organization's verified representative.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

PURPOSES = ("nominee", "lead", "endorsement", "representative")


class Invitation(db.Model):
    __tablename__ = "invitation"
    # Ids appear in links and codes: SQLite must never hand a deleted row's id to a new one (migration 0007).
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Only the hash is kept: the code itself is shown once, to the one who created it.
    code_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    # What the code is for; a code never works for another purpose.
    purpose: so.Mapped[str] = so.mapped_column(sa.String(20), server_default="nominee", index=True)
    nomination_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    lead_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("lead.id"), index=True)
    organization_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organization.id"), index=True)
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    expires_at: so.Mapped[datetime] = so.mapped_column(Timestamp)
    # Set once, when the code is used (claimed, endorsed with, accepted).
    claimed_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    claimed_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    nomination: so.Mapped["Nomination | None"] = so.relationship()  # noqa: F821
    organization: so.Mapped["Organization | None"] = so.relationship()  # noqa: F821
