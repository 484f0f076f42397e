"""The worker's side of the outbox: claim due notifications, hand each to its channel, record the outcome.

Several workers may run at once (on SQLite and PostgreSQL alike): notifications are claimed with one
conditional UPDATE (pending → sending, leased for LEASE_SECONDS; on PostgreSQL the rows another worker is
claiming are skipped) and committed before their channel is called, so only one worker sends each; a
worker that dies mid-send leaves a lease that runs out and the rows are claimed again. Inbox rows need no
call and are delivered in bulk. Batch channels (subscribe messages) take SEND_BATCH rows per claim: the
claim's transaction also takes their grants; the calls to WeChat then run SEND_THREADS at a time, outside
any transaction, and one more transaction records the batch's outcomes. Other channels are claimed
CLAIM_BATCH rows at a time and sent one after another, each outcome committed on its own.
"""
from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Notification
from app.models.base import as_utc, utcnow
from app.services.notifications import official_account  # noqa: F401 - registers "mp_template", "mp_custom"
from app.services.notifications import subscribe  # noqa: F401 - registers the "subscribe" channel
from app.services.write_lock import begin_write
from app.services.notifications.channels import BATCH_CHANNELS, CHANNEL_HANDLERS, DeliveryError, Outgoing

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = (30, 120, 600, 1800, 3600)
# Quotas (45009 a day's quota, 45011 a minute's): later, and longer each time, for up to two days.
LATER_MAX_ATTEMPTS = 12
LATER_BACKOFF_SECONDS = (300, 900, 1800, 3600, 3 * 3600, 6 * 3600)
LEASE_SECONDS = 300
# Rows claimed at once: sent one after another within the lease (each call has WECHAT_TIMEOUT, twice at most).
CLAIM_BATCH = 20
# Rows of a batch channel claimed at once, and how many of their calls run at a time (waiting on WeChat's
# answers, ~50 ms away: 16 at a time keep several hundred a second going): at worst SEND_BATCH /
# SEND_THREADS rounds of a token fetch and two sends (WECHAT_TIMEOUT each) fit in the lease. Never more
# threads than the kept-alive connections per host (app/wechat/clients.py POOL_SIZE).
SEND_BATCH = 100
SEND_THREADS = 16
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


def _claim(channels: sa.ColumnElement[bool], now: datetime, limit: int) -> list[int]:
    """Take up to `limit` due rows of `channels` (one UPDATE) in a write transaction the caller commits;
    returns those this worker got. On PostgreSQL rows another worker is claiming are skipped, not waited for."""
    begin_write()
    due = sa.select(Notification.id).where(_due(now), channels).order_by(Notification.id).limit(limit)
    if db.session.get_bind().dialect.name != "sqlite":  # SQLite: BEGIN IMMEDIATE already excludes other writers
        due = due.with_for_update(skip_locked=True)
    claimed = db.session.scalars(
        sa.update(Notification).where(Notification.id.in_(due.scalar_subquery()), _due(now))
        .values(status="sending", next_attempt_at=now + timedelta(seconds=LEASE_SECONDS))
        .returning(Notification.id).execution_options(synchronize_session=False)).all()
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


def _record(notification: Notification, error: DeliveryError | None, now: datetime) -> str:
    if error is not None:
        return _record_failure(notification, error, now)
    notification.attempts += 1
    notification.status = "delivered"
    notification.delivered_at = now
    notification.error_code = None
    return "delivered"


def _internal_error(notification: Notification, exc: Exception) -> DeliveryError:
    log.error("notification %s: channel %s failed", notification.id, notification.channel, exc_info=exc)
    return DeliveryError(f"内部错误：{type(exc).__name__}", code="error")


def deliver_one(notification: Notification, now: datetime) -> str:
    """Send one claimed notification on its channel and record the outcome; returns it."""
    handler = CHANNEL_HANDLERS.get(notification.channel)
    try:
        if handler is None:
            raise DeliveryError(f"no handler for channel {notification.channel}", retry=False, code="no_handler")
        handler(notification)
    except DeliveryError as exc:
        return _record(notification, exc, now)
    except Exception as exc:  # noqa: BLE001 - a bug in one channel must not stop the others
        return _record(notification, _internal_error(notification, exc), now)
    return _record(notification, None, now)


def deliver_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Deliver notifications whose time has come; safe to run in several workers at once."""
    now = now or utcnow()
    counts = {"delivered": 0, "retry": 0, "failed": 0, "skipped": 0}
    counts["delivered"] += _deliver_inbox_rows(now)
    handled = 0
    batched = Notification.channel.in_(list(BATCH_CHANNELS))
    while handled < limit:
        ids = _claim(batched, now, min(SEND_BATCH, limit - handled))
        if not ids:
            db.session.commit()
            break
        handled += len(ids)
        for outcome in _deliver_batch(ids, now):
            counts[outcome] += 1
    one_by_one = Notification.channel.not_in(["inbox", *BATCH_CHANNELS])
    while handled < limit:
        ids = _claim(one_by_one, now, min(CLAIM_BATCH, limit - handled))
        db.session.commit()
        if not ids:
            break
        handled += len(ids)
        for notification_id in ids:
            counts[_deliver_claimed(notification_id, now)] += 1
    return counts


def _rows(ids: list[int]) -> dict[int, Notification]:
    return {n.id: n for n in db.session.scalars(sa.select(Notification).where(Notification.id.in_(ids))
                                                .execution_options(populate_existing=True))}


def _deliver_batch(ids: list[int], now: datetime) -> list[str]:
    """Deliver claimed rows of batch channels: prepared in the claim's transaction (one commit), sent
    outside any transaction, their outcomes recorded in one more; returns the outcomes."""
    rows = _rows(ids)
    outcomes: dict[int, str] = {}
    outgoing: dict[int, Outgoing] = {}
    with db.session.no_autoflush:
        for channel in sorted({n.channel for n in rows.values()}):
            batch = sorted((n for n in rows.values() if n.channel == channel), key=lambda n: n.id)
            try:
                prepared = BATCH_CHANNELS[channel](batch)
            except DeliveryError as exc:
                prepared = {n.id: exc for n in batch}
            except Exception as exc:  # noqa: BLE001 - a bug in one channel must not stop the others
                prepared = {n.id: _internal_error(n, exc) for n in batch}
            for notification in batch:
                answer = prepared[notification.id]
                if isinstance(answer, DeliveryError):
                    outcomes[notification.id] = _record(notification, answer, now)
                else:
                    outgoing[notification.id] = answer
    db.session.commit()  # the claims, the grants taken and the rows already decided
    errors = dict(zip(outgoing, _pool().map(_send, outgoing.values())))
    if outgoing:
        begin_write()
        rows = _rows(list(outgoing))
        with db.session.no_autoflush:  # by user: grants given back in the order claims take them (grants.py)
            for notification_id in sorted(outgoing, key=lambda i: (rows[i].user_id, i)):
                notification, error = rows[notification_id], errors[notification_id]
                try:
                    outgoing[notification_id].settle(notification, error)
                except Exception as exc:  # noqa: BLE001 - recorded as the row's error, like a failing channel
                    error = _internal_error(notification, exc)
                outcomes[notification_id] = _record(notification, error, now)
        db.session.commit()
    return list(outcomes.values())


def _send(outgoing: Outgoing) -> DeliveryError | None:
    """One call of a batch (in a sending thread: no database here); the error it ended with, if any."""
    try:
        outgoing.send()
    except DeliveryError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a bug in one call must not stop the others
        log.error("a batched send failed", exc_info=exc)
        return DeliveryError(f"内部错误：{type(exc).__name__}", code="error")
    return None


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=SEND_THREADS, thread_name_prefix="notification-send")
        return _POOL


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
