"""The like ledger (append-only), and what fraud review adds to it: voids, flags and holds.

Redis holds the live counts; these tables are the truth they are rebuilt from.
"""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

# SQLite only auto-increments an INTEGER primary key; PostgreSQL gets a BIGINT for a city's likes.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

FLAG_KINDS = {
    "velocity": "点赞速度异常",
    "ip_concentration": "同一IP多账号点赞",
    "young_accounts": "新注册账号集中点赞",
    "risk_rank": "微信安全风险账号",
}
FLAG_STATUSES = ("open", "dismissed", "resolved")


class LikeVoid(db.Model):
    """One organizer decision that voided likes, with its reason and the criteria it matched."""
    __tablename__ = "like_void"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    reason: so.Mapped[str] = so.mapped_column(sa.Text)
    # {"user_ids": [...], "ips": [...], "since": iso, "until": iso, "nomination_ids": [...]}
    criteria: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    voided_count: so.Mapped[int] = so.mapped_column(default=0)
    # nomination id (as a string) → likes voided; what the Redis counts are lowered by.
    per_nomination: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    actor_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    actor_label: so.Mapped[str] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    # Set once the Redis counts were lowered; a sweep finishes voids that stopped before that.
    counts_applied_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)


class LikeRecord(db.Model):
    """One accepted like, written by the stream drainer. Rows are never deleted; voiding marks them."""
    __tablename__ = "like_record"
    __table_args__ = (
        # The n-th like of this user for this nominee on this day: replaying the stream inserts nothing twice.
        sa.UniqueConstraint("user_id", "nomination_id", "day", "seq"),
        sa.Index("ix_like_record_campaign_day", "campaign_id", "day"),
        sa.Index("ix_like_record_ip_day", "ip", "day"),
    )

    id: so.Mapped[int] = so.mapped_column(BigId, primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"))
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    day: so.Mapped[date]  # in the campaign's time zone (China Standard Time)
    seq: so.Mapped[int]
    ip: so.Mapped[str] = so.mapped_column(sa.String(45))
    liked_at: so.Mapped[datetime] = so.mapped_column(Timestamp, index=True)
    stream_id: so.Mapped[str] = so.mapped_column(sa.String(40))
    # How old the account was when it liked (the young-accounts rule reads it).
    account_age_seconds: so.Mapped[int | None]
    void_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("like_void.id"), index=True)
    recorded_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)


class LikeFlag(db.Model):
    """A fraud rule fired: what it saw (evidence) for organizers to review."""
    __tablename__ = "like_flag"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(24), index=True)
    # One rule firing on one subject once: replays and repeated checks add no second flag.
    dedupe_key: so.Mapped[str] = so.mapped_column(sa.String(160), unique=True)
    nomination_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    ip: so.Mapped[str | None] = so.mapped_column(sa.String(45))
    day: so.Mapped[date | None]
    evidence: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    status: so.Mapped[str] = so.mapped_column(sa.String(12), default="open", index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    reviewed_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    reviewed_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    review_note: so.Mapped[str | None] = so.mapped_column(sa.Text)


class LikeHold(db.Model):
    """A nominee whose likes are refused (held_for_review) until an organizer releases it."""
    __tablename__ = "like_hold"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    flag_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("like_flag.id"))
    # The stream entry that held it: replaying that entry finds this row instead of adding one.
    source: so.Mapped[str] = so.mapped_column(sa.String(60), unique=True)
    held_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    released_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    released_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    release_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)


class LedgerIsAppendOnly(RuntimeError):
    pass


@sa.event.listens_for(so.Session, "before_flush")
def _refuse_ledger_changes(session, _flush_context, _instances):
    for obj in session.deleted:
        if isinstance(obj, LikeRecord):
            raise LedgerIsAppendOnly("likes are never deleted; void them instead")
    for obj in session.dirty:
        if isinstance(obj, LikeRecord) and session.is_modified(obj):
            changed = {attr.key for attr in sa.inspect(obj).attrs if attr.history.has_changes()}
            if changed - {"void_id"} or sa.inspect(obj).attrs.void_id.history.deleted not in ((), [None]):
                raise LedgerIsAppendOnly("a like can only be voided, once")
