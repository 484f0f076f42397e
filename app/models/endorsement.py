"""The employer's (or association's) acknowledgement of a self-nomination, given by scanning the
nominee's QR code; and the photo of the sealed letter that someone who is not a verified
representative sends with it."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

DECISION_LABELS = {"confirm": "认可", "decline": "不予认可"}
# effective: in force (a verified representative's, or checked by an organizer); pending_check: from
# someone unverified, waiting for an organizer; refused: the organizer found it not genuine.
ENDORSEMENT_STATUS_LABELS = {"effective": "已生效", "pending_check": "待市总工会核实", "refused": "核实未通过"}


class EndorsementLetter(db.Model):
    """A photo of the letter with the unit's seal, uploaded with one endorsement code before the decision."""

    __tablename__ = "endorsement_letter"
    # Ids appear in links and codes: SQLite must never hand a deleted row's id to a new one (migration 0007).
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    token_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("invitation.id"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    uploaded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    content_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    size: so.Mapped[int]
    width: so.Mapped[int | None]
    height: so.Mapped[int | None]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    storage_key: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)


class Endorsement(db.Model):
    __tablename__ = "endorsement"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    # The code it was given with: one endorsement per code.
    token_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("invitation.id"), unique=True)
    # The organization named on the nomination when it was given (None: not registered with us).
    organization_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organization.id"), index=True)
    endorser_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    decision: so.Mapped[str] = so.mapped_column(sa.String(10))
    comment: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # Given by a verified representative of that organization (no check needed).
    direct: so.Mapped[bool] = so.mapped_column(default=False)
    signer_name: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    signer_post: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    letter_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("endorsement_letter.id"))
    status: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    checked_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    checked_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    check_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    nomination: so.Mapped["Nomination"] = so.relationship()  # noqa: F821
    organization: so.Mapped["Organization | None"] = so.relationship()  # noqa: F821
    endorser: so.Mapped["User"] = so.relationship(foreign_keys=[endorser_id])  # noqa: F821
    letter: so.Mapped[EndorsementLetter | None] = so.relationship()

    @property
    def verified(self) -> bool:
        return self.status == "effective"
