"""Broadcast notices (群发通知): what organizers wrote, to whom, through which channels, and how far it went.

Each recipient's copy is a Notification row carrying `broadcast_id`; the unique key
(broadcast_id, user_id, channel) on notification makes a second copy impossible, however often the
worker is killed and restarted. A mass send through the official account has no rows of ours: its
state is kept on the broadcast (`mass`), and WeChat de-duplicates it by `clientmsgid`.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

BROADCAST_STATE_LABELS = {
    "draft": "草稿",
    "scheduled": "定时待发",
    "sending": "发送中",
    "sent": "已发送",
    "cancelled": "已取消",
}


class Broadcast(db.Model):
    __tablename__ = "broadcast"
    __table_args__ = (sa.Index("ix_broadcast_due", "state", "scheduled_at"), {"sqlite_autoincrement": True})

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(40))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    # A mini-program page the notice links to, e.g. "pages/results/index" (optional).
    page: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # {"kind": "all_users" | "nominees" | ..., "status": ..., "org_kind": ..., "tag_id": ...}
    audience: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    channels: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    # Shown in the mini-program's public list of notices once it has gone out.
    public: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())
    state: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft")
    scheduled_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    created_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    started_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    finished_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    cancelled_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    # Recipients the audience had when sending began (the progress bar's whole), and the fan-out's
    # resume point: every user id up to `cursor` has its rows.
    recipient_count: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    cursor: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    # The final report (sent, skipped by reason, failed by code, per channel), written when done.
    report: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    # A mass send's state: {"status": "pending" | "submitted" | "failed", "msg_id", "errcode", "errmsg"}.
    mass: so.Mapped[dict | None] = so.mapped_column(sa.JSON)

    created_by: so.Mapped["User"] = so.relationship()  # noqa: F821
