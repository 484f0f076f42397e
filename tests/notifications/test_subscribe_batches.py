"""Subscribe messages go out a batch at a time (grants taken in the claim, calls in threads, one commit for the
outcomes) with the same promises: one grant is one message, one row is sent by one worker, a crash is resent."""
from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Notification, SubscribeGrant
from app.models.base import utcnow
from app.services.notifications import delivery, subscribe
from app.services.notifications.outbox import notify
from app.services.notifications.registry import DEFAULT_TEMPLATES
from tests.notifications.conftest import rows

PROGRESS = DEFAULT_TEMPLATES["progress"]["template_id"]
DATA = {"nominee": "王晓燕", "reason": "材料不全", "until": "2019年10月20日"}


def grants_left() -> int:
    return db.session.scalar(sa.select(sa.func.sum(SubscribeGrant.remaining)))


def test_two_workers_share_the_batches_and_each_grant_gives_one_message(app, person, emu, monkeypatch):
    monkeypatch.setattr(delivery, "SEND_BATCH", 7)  # several batches, taken by both workers in turn
    people = [person(f"user{i}", grants=[PROGRESS])[0] for i in range(12)]
    for i in range(12):
        emu.grant(f"dev-user{i}", PROGRESS)  # WeChat would take more: only our one grant may be used
    notify("review_passed", people, DATA)
    notify("review_returned", people, DATA)  # both written while every grant is there
    db.session.commit()
    barrier = threading.Barrier(2)
    outcomes = []

    def worker():
        with app.app_context():
            barrier.wait()
            outcomes.append(delivery.deliver_due())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    sent = emu.sent()
    assert len(sent) == 12 and {m["to"] for m in sent} == {f"dev-user{i}" for i in range(12)}
    by_user: dict[int, list] = {}
    for row in rows(channel="subscribe"):
        by_user.setdefault(row.user_id, []).append((row.status, row.skip_reason, row.attempts, row.grant_held))
    assert all(sorted(states) == [("delivered", None, 1, False), ("skipped", "未授权", 1, False)]
               for states in by_user.values()) and len(by_user) == 12
    assert grants_left() == 0
    assert sum(o["delivered"] for o in outcomes) == 12 + 24  # the inbox rows, and one message each
    assert sum(o["skipped"] for o in outcomes) == 12


def test_a_worker_killed_after_its_claim_leaves_the_rows_to_the_next_after_the_lease(person, emu):
    user, _ = person("alice", grants=[PROGRESS])
    notify("review_passed", [user], DATA)
    db.session.commit()
    now = utcnow()
    # What a worker commits before calling WeChat: the claim, with the grant it took; then it dies.
    ids = delivery._claim(Notification.channel == "subscribe", now, delivery.SEND_BATCH)
    [row] = db.session.scalars(sa.select(Notification).where(Notification.id.in_(ids)))
    subscribe.prepare([row])
    db.session.commit()
    db.session.remove()
    [row] = rows(channel="subscribe")
    assert (row.status, row.grant_held, grants_left()) == ("sending", True, 0)
    assert delivery.deliver_due(now=now + timedelta(seconds=10))["delivered"] == 1  # the inbox; the row is leased
    assert emu.sent() == []
    counts = delivery.deliver_due(now=now + timedelta(seconds=delivery.LEASE_SECONDS + 1))
    assert counts == {"delivered": 1, "retry": 0, "failed": 0, "skipped": 0}  # sent on the grant it holds
    [row] = rows(channel="subscribe")
    assert (row.status, row.grant_held, row.attempts) == ("delivered", False, 1)
    assert len(emu.sent()) == 1 and grants_left() == 0
