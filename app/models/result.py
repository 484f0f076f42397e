"""Results (评选结果), the public notice (公示) and objections (异议) to it."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

RESULT_GROUP_LABELS = {"top_winner": "港城十大工匠", "winner": "港城工匠", "not_selected": "未当选"}
OBJECTION_STATUS_LABELS = {
    "received": "已收到",
    "investigating": "核查中",
    "not_upheld": "不予支持",
    "upheld": "予以支持",
}
OBJECTION_RELATIONS = {
    "colleague": "同事",
    "same_trade": "同行",
    "acquaintance": "熟人",
    "public": "社会公众",
    "other": "其他",
}


class ResultNotice(db.Model):
    """A campaign's confirmed results and their public notice window (one per campaign)."""

    __tablename__ = "result_notice"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), unique=True)
    confirmed_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    confirmed_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    published_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    published_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    starts_on: so.Mapped[date | None]  # campaign time zone, inclusive
    ends_on: so.Mapped[date | None]
    working_days: so.Mapped[int | None]


class ResultEntry(db.Model):
    """One finalist's place in the confirmed results; a later change (取消资格, 递补) is recorded on it, never deleted."""

    __tablename__ = "result_entry"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "nomination_id"), {"sqlite_autoincrement": True})

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"))
    rank: so.Mapped[int]
    confirmed_group: so.Mapped[str] = so.mapped_column(sa.String(20))  # as confirmed
    group: so.Mapped[str] = so.mapped_column(sa.String(20))  # now
    disqualified_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    disqualified_by_objection_id: so.Mapped[int | None]
    vacancy_filled: so.Mapped[bool] = so.mapped_column(default=False)  # a disqualified place already filled by 递补
    promoted_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    promoted_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    promotion_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    replaces_entry_id: so.Mapped[int | None]  # the disqualified entry whose place this one took

    nomination: so.Mapped["Nomination"] = so.relationship()  # noqa: F821


class Objection(db.Model):
    """A real-name objection to a published result; never public."""

    __tablename__ = "objection"
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    real_name: so.Mapped[str] = so.mapped_column(sa.String(40))
    mobile: so.Mapped[str] = so.mapped_column(sa.String(20))
    relation: so.Mapped[str] = so.mapped_column(sa.String(20))
    content: so.Mapped[str] = so.mapped_column(sa.Text)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="received")
    answer_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    answered_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    answered_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    nomination: so.Mapped["Nomination"] = so.relationship()  # noqa: F821
    files: so.Mapped[list["ObjectionFile"]] = so.relationship(
        back_populates="objection", order_by="ObjectionFile.id", cascade="all, delete-orphan")
    notes: so.Mapped[list["ObjectionNote"]] = so.relationship(
        back_populates="objection", order_by="ObjectionNote.id", cascade="all, delete-orphan")


class ObjectionFile(db.Model):
    """Evidence the objector sent ("evidence") or a finding organizers attached ("finding")."""

    __tablename__ = "objection_file"
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    objection_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("objection.id", ondelete="CASCADE"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(12))
    content_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    size: so.Mapped[int]
    width: so.Mapped[int | None]
    height: so.Mapped[int | None]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    storage_key: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    original_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    uploaded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    objection: so.Mapped[Objection] = so.relationship(back_populates="files")


class ObjectionNote(db.Model):
    """An organizer's investigation note (核查记录)."""

    __tablename__ = "objection_note"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    objection_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("objection.id", ondelete="CASCADE"), index=True)
    author_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    objection: so.Mapped[Objection] = so.relationship(back_populates="notes")
    author: so.Mapped["User"] = so.relationship()  # noqa: F821
