"""Which kinds of notice a user wants on each WeChat channel; the inbox always keeps a copy."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import NotificationPreference, User
from app.models.base import utcnow
from app.services.errors import DomainError
from app.services.notifications.registry import KINDS
from app.services.write_lock import begin_write

# Channels a user can switch kinds on and off for (the inbox cannot be switched off).
CHANNELS = {"subscribe": "小程序订阅消息", "mp_template": "公众号消息"}


def disabled_pairs(user_ids: list[int]) -> set[tuple[int, str, str]]:
    """(user, kind, channel) switched off, for the given users."""
    if not user_ids:
        return set()
    rows = db.session.execute(sa.select(NotificationPreference.user_id, NotificationPreference.kind,
                                        NotificationPreference.channel)
                              .where(NotificationPreference.user_id.in_(user_ids),
                                     NotificationPreference.enabled.is_(False)))
    return {tuple(row) for row in rows}


def of(user: User) -> dict:
    off = {(kind, channel) for _, kind, channel in disabled_pairs([user.id])}
    return {
        "kinds": [{"kind": kind, "label": label,
                   "channels": {channel: (kind, channel) not in off for channel in CHANNELS}}
                  for kind, label in KINDS.items()],
        "channels": [{"channel": channel, "label": label} for channel, label in CHANNELS.items()],
        "inbox_always": True,
    }


def update(user: User, changes: list[dict]) -> dict:
    """Apply [{"kind", "channel", "enabled"}]; unknown kinds or channels change nothing (400)."""
    for change in changes:
        if change["kind"] not in KINDS:
            raise DomainError("unknown_kind", f"未知的通知类别：{change['kind']}", 400)
        if change["channel"] not in CHANNELS:
            raise DomainError("unknown_channel", "站内消息始终保留，只能设置微信渠道", 400,
                              details={"channel": change["channel"]})
    begin_write()  # one writer at a time on SQLite; the unique key settles two first changes at once
    for change in changes:
        key = (NotificationPreference.user_id == user.id, NotificationPreference.kind == change["kind"],
               NotificationPreference.channel == change["channel"])
        if db.session.scalar(sa.select(NotificationPreference.id).where(*key)) is None:
            try:
                with db.session.begin_nested():
                    db.session.add(NotificationPreference(user_id=user.id, kind=change["kind"],
                                                          channel=change["channel"]))
            except IntegrityError:
                pass
        db.session.execute(sa.update(NotificationPreference).where(*key)
                           .values(enabled=bool(change["enabled"]), updated_at=utcnow()))
    db.session.commit()
    return of(user)
