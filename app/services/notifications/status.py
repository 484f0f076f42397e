"""What organizers see of the outbox: each notification's state per channel, and the totals."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import Notification, User
from app.models.notification import CHANNEL_LABELS, STATUS_LABELS
from app.services.notifications.outbox import EVENTS

PER_PAGE = 30


@dataclass
class Told:
    """One notification (one event to one person at one moment) and its row on each channel."""
    user: User
    event: str
    title: str
    created_at: datetime
    channels: dict[str, Notification] = field(default_factory=dict)


def summary() -> dict:
    """Counts per channel and state; failures by code and skips by reason."""
    by_state = {(c, s): n for c, s, n in db.session.execute(
        sa.select(Notification.channel, Notification.status, sa.func.count()).group_by(
            Notification.channel, Notification.status))}
    failed = db.session.execute(sa.select(Notification.channel, Notification.error_code, sa.func.count())
                                .where(Notification.status == "failed")
                                .group_by(Notification.channel, Notification.error_code)
                                .order_by(sa.func.count().desc())).all()
    skipped = db.session.execute(sa.select(Notification.channel, Notification.skip_reason, sa.func.count())
                                 .where(Notification.status == "skipped")
                                 .group_by(Notification.channel, Notification.skip_reason)
                                 .order_by(sa.func.count().desc())).all()
    channels = [c for c in CHANNEL_LABELS if any(key[0] == c for key in by_state)] or ["inbox"]
    return {"channels": channels, "by_state": by_state, "failed": failed, "skipped": skipped}


def listing(*, event: str | None = None, channel: str | None = None, status: str | None = None,
            page: int = 1) -> tuple[list[Told], int]:
    """Notifications newest first (grouped across channels), filtered by event, or by a channel in a state."""
    conditions = []
    if event:
        conditions.append(Notification.event == event)
    if channel:
        conditions.append(Notification.channel == channel)
    if status:
        conditions.append(Notification.status == status)
    key = (Notification.user_id, Notification.event, Notification.created_at)
    groups = sa.select(*key, sa.func.max(Notification.id).label("last")).where(*conditions).group_by(*key)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(groups.subquery()))
    page_keys = db.session.execute(groups.order_by(sa.desc("last")).offset((page - 1) * PER_PAGE)
                                   .limit(PER_PAGE)).all()
    if not page_keys:
        return [], total
    rows = db.session.scalars(sa.select(Notification).where(sa.tuple_(*key).in_([tuple(k[:3]) for k in page_keys])))
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(
        User.id.in_({k[0] for k in page_keys})))}
    told: dict[tuple, Told] = {}
    for k in page_keys:
        told[tuple(k[:3])] = Told(users[k[0]], k[1], "", k[2])
    for row in rows:
        item = told[(row.user_id, row.event, row.created_at)]
        item.title = row.title
        item.channels[row.channel] = row
    return list(told.values()), total


def labels() -> dict:
    return {"channels": CHANNEL_LABELS, "statuses": STATUS_LABELS,
            "events": {event: title for event, (title, _) in EVENTS.items()}}
