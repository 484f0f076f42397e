"""The shortlist (入围名单): organizers' picks among the qualified, and the leadership group's decision that confirms it."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

SHORTLIST_STATUS_LABELS = {
    "draft": "待确认",
    "confirmed": "已确认",
    "reopened": "已重新开放",
}


class ShortlistPick(db.Model):
    """One nominee on the draft list of a campaign: shared, so every organizer sees the same list."""

    __tablename__ = "shortlist_pick"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "nomination_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    picked_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    picked_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    nomination: so.Mapped["Nomination"] = so.relationship()  # noqa: F821


class ShortlistDecision(db.Model):
    """The leadership group's decision (领导小组决定): its meeting and minutes, and what confirming it did.

    A campaign has at most one current decision (a draft being prepared, or the confirmed one): `current_campaign_id`
    holds the campaign id while it is current and NULL once reopened, so the database itself refuses a second one
    even when two organizers save at once. Reopened decisions stay, with who reopened them and why.
    """

    __tablename__ = "shortlist_decision"
    # Its id appears in the minutes' download link: SQLite must never reuse a deleted row's id.
    __table_args__ = (sa.UniqueConstraint("current_campaign_id"), {"sqlite_autoincrement": True})

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    current_campaign_id: so.Mapped[int | None]
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="draft")

    decided_on: so.Mapped[date | None]  # the meeting's date (campaign time zone)
    meeting: so.Mapped[str | None] = so.mapped_column(sa.String(120))  # e.g. 选树活动领导小组第二次会议
    attendees: so.Mapped[str | None] = so.mapped_column(sa.Text)

    # The minutes (会议纪要): what we stored after the checks, never what the client claimed.
    minutes_content_type: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    minutes_size: so.Mapped[int | None]
    minutes_sha256: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    minutes_storage_key: so.Mapped[str | None] = so.mapped_column(sa.String(200), unique=True)
    minutes_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))

    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    confirmed_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    confirmed_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    # What confirming did, so that a reopening undoes exactly that and a new confirmation tells only who changed.
    finalist_ids: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    not_shortlisted_ids: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    published_story_ids: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)

    reopened_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    reopened_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    reopen_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
