"""Invitations: a short code a representative or organizer passes on to a worker, whose account claims it.

A code bound to a nomination links the worker to a unit/association nomination so they can check and
complete their data; a code bound to a lead lets the craftsman start a self-nomination prefilled from it.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow


class Invitation(db.Model):
    __tablename__ = "invitation"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Only the hash is kept: the code itself is shown once, to the one who created it.
    code_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    nomination_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    lead_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("lead.id"), index=True)
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    expires_at: so.Mapped[datetime] = so.mapped_column(Timestamp)
    claimed_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    claimed_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
