"""People who log in: WeChat users of the mini-program (and, later, console accounts)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

ROLES = ("organizer", "expert")


class User(db.Model):
    __tablename__ = "user_account"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    openid: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    unionid: so.Mapped[str | None] = so.mapped_column(sa.String(64), index=True)
    nickname: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    # Granted roles; "representative" is derived from verified memberships instead.
    roles: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    # WeChat's session_key never leaves the server.
    wechat_session_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    last_login_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)

    memberships: so.Mapped[list["Membership"]] = so.relationship(back_populates="user")  # noqa: F821
