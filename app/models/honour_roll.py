"""The honour roll: holders of the 港城工匠 titles from earlier campaigns, who may not apply again."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

TITLES = ("港城十大工匠", "港城工匠")


class HonourRollEntry(db.Model):
    __tablename__ = "honour_roll_entry"
    __table_args__ = (sa.UniqueConstraint("year", "name", "employer_name"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    year: so.Mapped[int] = so.mapped_column(index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(20))
    name: so.Mapped[str] = so.mapped_column(sa.String(40), index=True)
    # Both may be unknown for early years; the rule then falls back to name + employer.
    birth_month: so.Mapped[date | None]
    mobile: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    employer_name: so.Mapped[str] = so.mapped_column(sa.String(120))
    trade: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    # The nomination it came from, when the award was recorded by this system.
    nomination_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("nomination.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
