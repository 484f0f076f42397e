"""Notifications: the outbox written with each state change, and the in-app inbox it feeds."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

# inbox: our own table; subscribe: mini-program subscribe messages; mp_template / mp_custom: the
# official account's template and customer-service messages (their handlers live with the bot).
CHANNELS = ("inbox", "subscribe", "mp_template", "mp_custom")
# pending → sending (claimed by one worker) → delivered (sent), skipped (with a reason) or failed (with a code).
STATUSES = ("pending", "sending", "delivered", "skipped", "failed")
STATUS_LABELS = {"pending": "待发送", "sending": "发送中", "delivered": "已送达", "skipped": "已跳过", "failed": "失败"}
CHANNEL_LABELS = {"inbox": "站内消息", "subscribe": "小程序订阅消息", "mp_template": "公众号模板消息",
                  "mp_custom": "公众号客服消息"}


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
    # WeChat's errcode (or our own reason key: no_grant, no_openid, preference_off …) of the last answer.
    error_code: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    # Why a skipped notification was not sent, in Chinese for organizers ("未授权").
    skip_reason: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    # The subscribe grant this message holds (consumed at claim, given back if WeChat never sent it).
    grant_held: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())


class SubscribeGrant(db.Model):
    """How many messages of one subscribe template a user allowed (每次点“允许”即一次), left to send."""
    __tablename__ = "subscribe_grant"
    __table_args__ = (sa.UniqueConstraint("user_id", "template_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    template_id: so.Mapped[str] = so.mapped_column(sa.String(64))
    remaining: so.Mapped[int] = so.mapped_column(default=0)
    accepted_total: so.Mapped[int] = so.mapped_column(default=0)
    rejected_total: so.Mapped[int] = so.mapped_column(default=0)
    updated_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)


class NotificationPreference(db.Model):
    """A kind of notice a user switched off (or back on) on one WeChat channel; no row: on."""
    __tablename__ = "notification_preference"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind", "channel"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    channel: so.Mapped[str] = so.mapped_column(sa.String(20))
    enabled: so.Mapped[bool] = so.mapped_column(default=True)
    updated_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)


class StageOpening(db.Model):
    """One row per campaign stage whose opening was announced: the claim that makes it happen once."""
    __tablename__ = "stage_opening"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "stage_key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    stage_key: so.Mapped[str] = so.mapped_column(sa.String(20))
    recipients: so.Mapped[int] = so.mapped_column(default=0)
    opened_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
