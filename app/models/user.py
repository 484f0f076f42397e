"""People who log in: WeChat users of the mini-program, and console accounts of organizers and experts.

A console account is the same row as a person's WeChat identity (username and password columns on
user_account), so roles, audit entries and notifications point at one user, whichever way they log in.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

ROLES = ("organizer", "expert")
ROLE_LABELS = {"organizer": "组织者", "expert": "评议专家"}


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

    # Console login (organizers and experts); None for WeChat-only users.
    username: so.Mapped[str | None] = so.mapped_column(sa.String(40), unique=True)
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    # Fernet-encrypted TOTP secret (optional second factor for organizers).
    totp_secret: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    # A disabled account cannot log in to the console; its history stays.
    disabled_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    # Bumped when the password changes or the account is disabled: older console sessions end.
    session_epoch: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    # Set when an organizer resets the password: the one-time password opens only the change-password page.
    must_change_password: so.Mapped[bool] = so.mapped_column(default=False, server_default=sa.false())

    memberships: so.Mapped[list["Membership"]] = so.relationship(back_populates="user")  # noqa: F821

    @property
    def display_name(self) -> str:
        return self.nickname or self.username or f"用户{self.id}"
