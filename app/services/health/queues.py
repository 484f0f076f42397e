"""What waits: notifications in the outbox, likes on their way to the ledger, broadcasts being sent."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Broadcast, Notification
from app.models.base import as_utc, utcnow
from app.redis_store import get_redis
from app.services.broadcasts import progress
from app.services.likes.state import STREAM_KEY
from app.services.likes.stream import GROUP  # the drainer's consumer group

WAITING = ("pending", "sending")
RECENT_FAILURES = timedelta(hours=24)


@dataclass(frozen=True)
class Outbox:
    depth: int  # notifications not yet delivered, skipped or failed
    due: int  # of which due now (the others wait for a retry)
    oldest_age_seconds: float  # the oldest waiting notification, since it was written
    oldest_due_age_seconds: float  # the oldest one due now: what a stopped worker makes grow
    failed_recent: int  # failed for good within the last 24 hours
    failed_total: int


@dataclass(frozen=True)
class LikeStream:
    backlog: int  # accepted likes in Redis not yet in the ledger
    pending: int  # of which read by a worker and not yet acknowledged
    lag_seconds: float  # age of the oldest of them (0 when none wait)


def _age(now: datetime, then: datetime | None) -> float:
    return max(0.0, (now - as_utc(then)).total_seconds()) if then is not None else 0.0


def outbox(now: datetime | None = None) -> Outbox:
    now = now or utcnow()
    waiting = Notification.status.in_(WAITING)
    depth, oldest = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(Notification.created_at)).where(waiting)).one()
    due, oldest_due = db.session.execute(
        sa.select(sa.func.count(), sa.func.min(Notification.created_at))
        .where(waiting, Notification.next_attempt_at <= now)).one()
    failed = Notification.status == "failed"
    failed_total = db.session.scalar(sa.select(sa.func.count()).where(failed))
    failed_recent = db.session.scalar(sa.select(sa.func.count()).where(
        failed, Notification.created_at >= now - RECENT_FAILURES)) if failed_total else 0
    return Outbox(depth, due, _age(now, oldest), _age(now, oldest_due), failed_recent, failed_total)


def like_stream(now_ms: int | None = None) -> LikeStream:
    """Entries leave the stream once in the ledger (stream.acknowledge), so what is left is the lag.

    Stream ids start with the milliseconds of the like, which gives the oldest one's age without a lookup.
    """
    client = get_redis()
    pipe = client.pipeline(transaction=False)
    pipe.xlen(STREAM_KEY)
    pipe.xrange(STREAM_KEY, count=1)
    pipe.time()
    pipe.xpending(STREAM_KEY, GROUP)
    results = pipe.execute(raise_on_error=False)
    backlog, first, (seconds, micros) = results[0], results[1], results[2]
    pending = results[3]["pending"] if isinstance(results[3], dict) else 0
    now_ms = now_ms if now_ms is not None else seconds * 1000 + micros // 1000
    lag = 0.0
    if first:
        entry_id = first[0][0].decode() if isinstance(first[0][0], bytes) else first[0][0]
        lag = max(0.0, (now_ms - int(entry_id.split("-")[0])) / 1000)
    return LikeStream(int(backlog), int(pending), lag)


def broadcasts_sending() -> list[dict]:
    """Each broadcast being sent: id, title, done and total (its progress bar's figures)."""
    rows = []
    for broadcast in db.session.scalars(sa.select(Broadcast).where(Broadcast.state == "sending")
                                        .order_by(Broadcast.id)):
        snap = progress.snapshot(broadcast)
        rows.append({"id": broadcast.id, "title": broadcast.title, "done": snap["done"], "total": snap["total"],
                     "percent": snap["percent"]})
    return rows
