"""Leads (推荐线索): a member of the public tells about a craftsman they know."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

LEAD_STATUS_LABELS = {
    "new": "待处理",
    "invited": "已发出邀请",
    "nominated": "已转为推荐",
    "dismissed": "不予采纳",
}


class Lead(db.Model):
    __tablename__ = "lead"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    recommender_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(40))
    employer: so.Mapped[str] = so.mapped_column(sa.String(120))
    trade: so.Mapped[str] = so.mapped_column(sa.String(60))
    reason: so.Mapped[str] = so.mapped_column(sa.Text)
    # How to reach the craftsman (private: organizers and unions only).
    contact: so.Mapped[str | None] = so.mapped_column(sa.String(60))
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="new", index=True)
    handled_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    handled_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    handling_note: so.Mapped[str | None] = so.mapped_column(sa.Text)
    nomination_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("nomination.id"))
    # The union or association organizers routed the lead to: then only its representatives follow it up.
    assigned_org_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organization.id"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow, index=True)

    assigned_org: so.Mapped["Organization | None"] = so.relationship()  # noqa: F821
