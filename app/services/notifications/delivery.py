"""The worker's side of the outbox: claim due notifications, hand each to its channel, record the outcome.

Several workers may run at once (on SQLite and PostgreSQL alike): a notification is claimed with one
conditional UPDATE (pending → sending, leased for LEASE_SECONDS) and committed before its channel is
called, so only one worker sends it; a worker that dies mid-send leaves a lease that runs out and the
row is claimed again. Inbox rows need no call and are delivered in bulk.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Notification
from app.models.base import as_utc, utcnow
from app.services.notifications import official_account  # noqa: F401 - registers "mp_template", "mp_custom"
from app.services.notifications import subscribe  # noqa: F401 - registers the "subscribe" channel
from app.services.write_lock import begin_write
from app.services.notifications.channels import CHANNEL_HANDLERS, DeliveryError

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = (30, 120, 600, 1800, 3600)
# Quotas (45009 a day's quota, 45011 a minute's): later, and longer each time, for up to two days.
LATER_MAX_ATTEMPTS = 12
LATER_BACKOFF_SECONDS = (300, 900, 1800, 3600, 3 * 3600, 6 * 3600)
LEASE_SECONDS = 300
# Rows claimed at once: sent one after another within the lease (each call has WECHAT_TIMEOUT, twice at most).
CLAIM_BATCH = 20
DUE_STATUSES = ("pending", "sending")


def _due(now: datetime):
    return sa.and_(Notification.status.in_(DUE_STATUSES), Notification.next_attempt_at <= now)


def _deliver_inbox_rows(now: datetime) -> int:
    begin_write()
    changed = db.session.execute(
        sa.update(Notification).where(_due(now), Notification.channel == "inbox")
        .values(status="delivered", delivered_at=now, attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return changed


def _claim(ids: list[int], now: datetime) -> list[int]:
    """Take the rows among `ids` that are still due (one UPDATE, one commit); returns those this worker got."""
    begin_write()
    claimed = db.session.scalars(
        sa.update(Notification).where(Notification.id.in_(ids), _due(now))
        .values(status="sending", next_attempt_at=now + timedelta(seconds=LEASE_SECONDS))
        .returning(Notification.id).execution_options(synchronize_session=False)).all()
    db.session.commit()
    return sorted(claimed)


def _record_failure(notification: Notification, exc: DeliveryError, now: datetime) -> str:
    notification.attempts += 1
    notification.last_error = str(exc)[:500]
    notification.error_code = exc.code
    if exc.skipped:
        notification.status = "skipped"
        notification.skip_reason = str(exc)[:100]
        return "skipped"
    backoff, limit = (LATER_BACKOFF_SECONDS, LATER_MAX_ATTEMPTS) if exc.later else (BACKOFF_SECONDS, MAX_ATTEMPTS)
    if exc.retry and notification.attempts < limit:
        delay = backoff[min(notification.attempts - 1, len(backoff) - 1)]
        notification.status = "pending"
        notification.next_attempt_at = now + timedelta(seconds=delay)
        return "retry"
    notification.status = "failed"
    return "failed"


def deliver_one(notification: Notification, now: datetime) -> str:
    """Send one claimed notification on its channel and record the outcome; returns it."""
    handler = CHANNEL_HANDLERS.get(notification.channel)
    try:
        if handler is None:
            raise DeliveryError(f"no handler for channel {notification.channel}", retry=False, code="no_handler")
        handler(notification)
    except DeliveryError as exc:
        return _record_failure(notification, exc, now)
    except Exception as exc:  # noqa: BLE001 - a bug in one channel must not stop the others
        log.exception("notification %s: channel %s failed", notification.id, notification.channel)
        return _record_failure(notification, DeliveryError(f"内部错误：{type(exc).__name__}", code="error"), now)
    notification.attempts += 1
    notification.status = "delivered"
    notification.delivered_at = now
    notification.error_code = None
    return "delivered"


def deliver_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Deliver notifications whose time has come; safe to run in several workers at once."""
    now = now or utcnow()
    counts = {"delivered": 0, "retry": 0, "failed": 0, "skipped": 0}
    counts["delivered"] += _deliver_inbox_rows(now)
    ids = list(db.session.scalars(sa.select(Notification.id).where(_due(now))
                                  .order_by(Notification.id).limit(limit)))
    for start in range(0, len(ids), CLAIM_BATCH):
        for notification_id in _claim(ids[start:start + CLAIM_BATCH], now):  # rows another worker took are skipped
            counts[_deliver_claimed(notification_id, now)] += 1
    return counts


def _deliver_claimed(notification_id: int, now: datetime) -> str:
    begin_write()  # the handler's writes (a grant, the outcome) never wait on a read lock
    notification = db.session.get(Notification, notification_id, populate_existing=True)
    outcome = deliver_one(notification, now)
    db.session.commit()
    return outcome


def next_due_at() -> datetime | None:
    value = db.session.scalar(sa.select(sa.func.min(Notification.next_attempt_at))
                              .where(Notification.status.in_(DUE_STATUSES)))
    return as_utc(value)
