"""Notifications: the outbox written with each state change, and the in-app inbox it feeds."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

CHANNELS = ("inbox",)  # later: mini-program subscribe messages, official-account messages
STATUSES = ("pending", "delivered", "failed")


class Notification(db.Model):
    __tablename__ = "notification"
    # One copy of a broadcast per recipient and channel (NULL broadcast_id: any number of other notices).
    __table_args__ = (sa.Index("ix_notification_due", "status", "next_attempt_at"),
                      sa.UniqueConstraint("broadcast_id", "user_id", "channel"))

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    event: so.Mapped[str] = so.mapped_column(sa.String(64))
    broadcast_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("broadcast.id"))
    channel: so.Mapped[str] = so.mapped_column(sa.String(20), default="inbox")
    title: so.Mapped[str] = so.mapped_column(sa.String(100))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    data: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="pending")
    attempts: so.Mapped[int] = so.mapped_column(default=0)
    next_attempt_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    last_error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    delivered_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    read_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
