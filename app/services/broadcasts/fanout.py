"""The worker's side of a broadcast: the fan-out in batches, its delivery, the scheduled check.

Each batch moves the broadcast's cursor (compare-and-set, so parallel workers take different batches) and
writes the next recipients' rows (one per channel) in one transaction, so a worker killed mid-send leaves
either the whole batch or none of it; the unique key (broadcast_id, user_id, channel) turns a second writer
of the same rows (a fan-out resumed from an older cursor) into a no-op. The outbox delivers the rows; the batch's job delivers them at once so the console's
progress bar moves, and any other worker's delivery job helps.
"""
from __future__ import annotations

import logging
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Broadcast, Notification
from app.models.base import utcnow
from app.services import audit, jobs
from app.services.broadcasts import audiences, composing, mass, progress
from app.services.notifications import outbox

log = logging.getLogger(__name__)
BATCH_SIZE = 500
JOB = "broadcasts.send"


def _insert_statement():
    dialect = sqlite if db.engine.dialect.name == "sqlite" else postgresql
    return dialect.insert(Notification.__table__).on_conflict_do_nothing(
        index_elements=["broadcast_id", "user_id", "channel"])


def _write_batch(broadcast: Broadcast, after: int, user_ids: list[int], now: datetime) -> bool:
    """Claim the batch by moving the cursor from `after` (compare-and-set: two workers never take the same
    batch) and write its rows, in the caller's transaction; False when another worker moved it first."""
    claimed = db.session.execute(sa.update(Broadcast).where(Broadcast.id == broadcast.id, Broadcast.cursor == after)
                                 .values(cursor=user_ids[-1])).rowcount
    if not claimed:
        return False
    # The row's own title and body columns carry the text; data names the notice and its page.
    data = {"broadcast_id": broadcast.id, "title": broadcast.title, "page": broadcast.page}
    rows = [{"user_id": uid, "event": "broadcast", "broadcast_id": broadcast.id, "channel": channel,
             "title": broadcast.title, "body": broadcast.body, "data": data, "status": "pending", "attempts": 0,
             "next_attempt_at": now, "created_at": now}
            for uid in user_ids for channel in broadcast.channels]
    db.session.execute(_insert_statement(), rows)
    db.session.info["outbox_pending"] = True  # other workers' delivery jobs may help
    return True


def deliver_pending(batch_size: int = BATCH_SIZE) -> int:
    """Deliver what the outbox has due, until nothing is; how many rows were handled."""
    handled = 0
    while True:
        counts = outbox.deliver_due(limit=batch_size)
        step = sum(counts.values())
        handled += step
        if step == 0:
            return handled


def run(broadcast_id: int, batch_size: int = BATCH_SIZE, after_batch=None) -> str:
    """Fan a sending broadcast out (or resume it) and deliver it; the state it ends in.

    `after_batch(broadcast)` is called after each committed batch (the tests' and benchmark's hook)."""
    broadcast = db.session.get(Broadcast, broadcast_id)
    if broadcast is None or broadcast.state != "sending":
        return broadcast.state if broadcast else "missing"
    if audiences.is_mass(broadcast.audience):
        try:
            mass.submit(broadcast)
        except mass.TryLater as later:
            broadcast.mass = {**(broadcast.mass or {}), "status": "retry", "errmsg": str(later)}
            db.session.commit()
            jobs.enqueue(JOB, broadcast_id, delay_seconds=later.seconds)
            return "sending"
        db.session.commit()
    else:
        while True:
            after = broadcast.cursor
            user_ids = audiences.next_batch(broadcast.audience, broadcast.campaign_id, after, batch_size)
            if not user_ids:
                break
            written = _write_batch(broadcast, after, user_ids, utcnow())
            db.session.commit()  # expires the broadcast: the next cursor is read fresh
            if not written:
                continue
            deliver_pending(batch_size)
            if after_batch is not None:
                after_batch(broadcast)
    return _finish(broadcast)


def _finish(broadcast: Broadcast) -> str:
    deliver_pending()
    db.session.refresh(broadcast)
    if broadcast.state != "sending":
        return broadcast.state
    # Only one finisher records the end, however many workers got here.
    changed = db.session.execute(sa.update(Broadcast).where(Broadcast.id == broadcast.id,
                                                            Broadcast.state == "sending")
                                 .values(state="sent", finished_at=utcnow())).rowcount
    if changed:
        db.session.refresh(broadcast)
        broadcast.report = progress.final_report(broadcast)
        audit.record("broadcast.finished", "broadcast", broadcast.id, actor_label="worker",
                     data={"title": broadcast.title, **_summary(broadcast.report)})
    db.session.commit()
    return "sent"


def _summary(report: dict) -> dict:
    channels = report.get("channels", {})
    return {"sent": sum(c["sent"] for c in channels.values()),
            "skipped": sum(sum(c["skipped"].values()) for c in channels.values()),
            "failed": sum(sum(c["failed"].values()) for c in channels.values()),
            "mass": (report.get("mass") or {}).get("status")}


def send_due(now: datetime | None = None) -> list[str]:
    """Start the scheduled broadcasts whose time has come and resume any left sending (a worker's
    start-up sweep, or the wake-up queued when one was scheduled); the states they end in."""
    composing.start_due(now)
    sending = list(db.session.scalars(sa.select(Broadcast.id).where(Broadcast.state == "sending")
                                      .order_by(Broadcast.id)))
    return [run(broadcast_id) for broadcast_id in sending]
