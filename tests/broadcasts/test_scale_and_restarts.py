"""A broadcast to 10,000 users completes with correct counts; killed mid-send with SIGKILL and restarted, every
recipient still has exactly one row and one delivery; two fan-outs of one broadcast at once write nothing twice."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import Broadcast, Notification
from app.services.broadcasts import composing, fanout, progress
from tests.broadcasts.conftest import compose, seed_users

ROOT = Path(__file__).resolve().parents[2]


def row_figures(broadcast_id: int) -> tuple[int, int, int, int]:
    """(rows, distinct recipients, delivered, the most attempts of any row)."""
    return db.session.execute(
        sa.select(sa.func.count(Notification.id), sa.func.count(sa.distinct(Notification.user_id)),
                  sa.func.count(Notification.id).filter(Notification.status == "delivered"),
                  sa.func.max(Notification.attempts))
        .where(Notification.broadcast_id == broadcast_id)).one()


def test_ten_thousand_users_get_it_once_with_the_right_counts(organizer):
    seed_users(10_000)
    broadcast = composing.create(organizer, compose())
    bid = broadcast.id
    composing.send_now(organizer, bid)
    assert db.session.get(Broadcast, bid).recipient_count == 10_001  # and the organizer's own WeChat identity
    started = time.monotonic()
    assert fanout.run(bid) == "sent"
    elapsed = time.monotonic() - started
    assert row_figures(bid) == (10_001, 10_001, 10_001, 1)
    broadcast = db.session.get(Broadcast, bid)
    assert broadcast.report == {"recipients": 10_001, "mass": None, "channels": {
        "inbox": {"sent": 10_001, "pending": 0, "skipped": {}, "failed": {}}}}
    snapshot = progress.snapshot(broadcast)
    assert snapshot["finished"] and snapshot["channels"]["inbox"]["done"] == 10_001
    assert elapsed < 120, f"10,000 deliveries took {elapsed:.1f} s"


def _environment() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_killed_mid_send_and_restarted_every_recipient_gets_exactly_one(organizer):
    seed_users(3_000)
    broadcast = composing.create(organizer, compose())
    bid, total = broadcast.id, 3_001
    composing.send_now(organizer, bid)
    db.session.remove()

    sender = subprocess.Popen([sys.executable, "-m", "tests.broadcasts.slow_send", str(bid), "200", "0.15"],
                              cwd=ROOT, env=_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            written = db.session.scalar(sa.select(sa.func.count(Notification.id))
                                        .where(Notification.broadcast_id == bid))
            db.session.remove()
            if written >= 600:
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"the sender never got going: {sender.stderr.read1().decode(errors='replace')}")
        sender.send_signal(signal.SIGKILL)  # no clean-up, no rollback of its own: as a power cut
        sender.wait(timeout=10)
    finally:
        if sender.poll() is None:
            sender.kill()
    rows, people, delivered, _ = row_figures(bid)
    assert 600 <= rows < total and rows == people
    assert db.session.get(Broadcast, bid).state == "sending"
    db.session.remove()

    # A real worker starts: its start-up sweep resumes the broadcast where the killed one stopped.
    worker = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "worker", "--burst"], cwd=ROOT,
                            env=_environment(), capture_output=True, timeout=180)
    assert worker.returncode == 0, worker.stderr.decode(errors="replace")[-2000:]
    assert row_figures(bid) == (total, total, total, 1)  # one row each, delivered once each
    broadcast = db.session.get(Broadcast, bid)
    assert broadcast.state == "sent"
    assert broadcast.report["channels"]["inbox"] == {"sent": total, "pending": 0, "skipped": {}, "failed": {}}


def test_two_fan_outs_of_one_broadcast_write_each_row_once(organizer):
    """A worker restarted while the first still runs (or two sweeps) both fan out: the unique key keeps one."""
    seed_users(500)
    broadcast = composing.create(organizer, compose())
    bid = broadcast.id
    composing.send_now(organizer, bid)
    # Half way, the cursor goes back to the start, as when a second fan-out began from an older cursor.
    # (The cursor is the last user id written, so the third batch is counted, not read off the cursor.)
    batches, rewound = [], []

    def rewind(b):
        batches.append(b.cursor)
        if len(batches) == 3 and not rewound:
            rewound.append(b.cursor)
            db.session.execute(sa.update(Broadcast).where(Broadcast.id == bid).values(cursor=0))
            db.session.commit()

    assert fanout.run(bid, batch_size=100, after_batch=rewind) == "sent"
    assert len(rewound) == 1 and len(batches) > 6, "three batches written twice after the rewind"
    assert row_figures(bid) == (501, 501, 501, 1)
