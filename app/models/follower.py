"""Followers of the official account (公众号关注者), linked to the mini-program's user by unionid."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow


class Follower(db.Model):
    __tablename__ = "follower"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # The official account's openid (not the mini-program's: the two differ for one person).
    openid: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    unionid: so.Mapped[str | None] = so.mapped_column(sa.String(64), index=True)
    # The person behind both: the mini-program user with the same unionid (one like quota for both).
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    subscribed: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())
    subscribed_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    unsubscribed_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    # The QR scene the follower subscribed through, if any (a poster, an invitation …).
    subscribe_scene: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    # WeChat allows customer-service messages within 48 hours of this.
    last_interaction_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
