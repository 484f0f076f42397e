"""The ledger: drained from the stream exactly once, through crashes; rebuild and verify; voids."""
import os
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, LikeRecord, LikeVoid
from app.redis_store import get_redis
from app.services.errors import DomainError
from app.services.likes import liking
from app.services.likes.counts import board_key, like_counts
from app.services.likes.repair import rebuild, verify
from app.services.likes.state import STREAM_KEY
from app.services.likes.stream import GROUP, drain, read_batch, store_batch
from app.services.likes.voids import void_likes
from app.tasks.likes import start_drain_thread
from tests.factories.likes import campaign
from tests.factories.likes import drain as drain_everything  # noqa: F401
from tests.factories.likes import ledger_rows, likes_app, make_nominee, make_users

CRASHING_DRAIN = textwrap.dedent("""
    import os, signal, sys
    import sqlalchemy as sa, sqlalchemy.orm as so
    from app import create_app
    from app.services.likes import stream as like_stream

    def die(*_args, **_kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if sys.argv[1] == "before_commit":
        sa.event.listen(so.Session, "before_commit", die)  # rows inserted, transaction not committed
    else:
        like_stream.acknowledge = die  # committed, not acknowledged
    with create_app().app_context():
        like_stream.drain("doomed-worker", claim_idle_ms=None)
    sys.exit(3)  # not reached: the drain kills the process
""")


def like_many(campaign, users, nominees, ip="198.51.100.1"):
    accepted = []
    for user in users:
        for nominee in nominees:
            liking.like(user.id, nominee.id, ip)
            accepted.append((user.id, nominee.id))
    return accepted


def pending_of(consumer):
    return {c["name"].decode(): c["pending"] for c in get_redis().xinfo_consumers(STREAM_KEY, GROUP)}.get(consumer, 0)


@pytest.mark.parametrize("moment", ["before_commit", "before_ack"])
def test_a_worker_killed_mid_batch_loses_and_duplicates_nothing(campaign, moment):
    nominees = [make_nominee(campaign, name=f"候选人{i}") for i in range(3)]
    accepted = like_many(campaign, make_users(7), nominees)
    crashed = subprocess.run([sys.executable, "-c", CRASHING_DRAIN, moment], env=dict(os.environ),
                             capture_output=True, text=True, timeout=120)
    assert crashed.returncode == -9, crashed.stderr[-2000:]
    assert pending_of("doomed-worker") == 21  # read, never acknowledged
    db.session.remove()
    assert len(ledger_rows()) == (0 if moment == "before_commit" else 21)

    assert drain_everything() == 21  # another worker claims the dead one's entries and replays them
    assert drain_everything() == 0
    rows = ledger_rows()
    assert sorted((r.user_id, r.nomination_id) for r in rows) == sorted(accepted)
    assert pending_of("doomed-worker") == 0 and get_redis().xlen(STREAM_KEY) == 0
    assert verify(campaign)["differences"] == []


def test_replaying_a_batch_inserts_nothing_twice(campaign):
    nominee = make_nominee(campaign)
    like_many(campaign, make_users(3), [nominee])
    entries = read_batch("worker-a", claim_idle_ms=None)
    store_batch(entries)
    store_batch(entries)  # the same entries again, as after a lost acknowledgement
    assert len(ledger_rows()) == 3
    assert [r.seq for r in ledger_rows()] == [1, 1, 1]


def test_the_worker_thread_drains_as_likes_arrive(app, campaign):
    nominee = make_nominee(campaign)
    thread, stop = start_drain_thread(app, block_ms=100)
    try:
        like_many(campaign, make_users(5), [nominee])
        deadline = time.monotonic() + 10
        while len(ledger_rows()) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
            db.session.remove()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert len(ledger_rows()) == 5 and not thread.is_alive()


def test_rebuild_restores_counts_and_todays_limits_from_the_ledger(campaign, runner):
    first, second = make_nominee(campaign), make_nominee(campaign, name="李秀英")
    users = make_users(3)
    like_many(campaign, users, [first])
    like_many(campaign, users[:1], [second])
    assert runner.invoke(args=["likes", "verify"]).exit_code == 0  # drains, then compares

    # Redis loses the counts and the day's per-user counters.
    client = get_redis()
    client.delete(board_key(campaign.id), *client.keys("likes:user:*"))
    broken = runner.invoke(args=["likes", "verify"])
    assert broken.exit_code == 1 and f"候选人 {first.id}: Redis 0 ≠ 流水 3" in broken.output

    rebuilt = runner.invoke(args=["likes", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "有效点赞 4 个" in rebuilt.output
    assert like_counts(campaign.id, [first.id, second.id]) == {first.id: 3, second.id: 1}
    assert runner.invoke(args=["likes", "verify"]).exit_code == 0
    with pytest.raises(DomainError) as refused:
        liking.like(users[0].id, first.id, "198.51.100.1")
    assert refused.value.code == "already_liked_today"
    assert liking.today(users[0].id)["remaining_today"] == 8


def test_voiding_marks_likes_and_recomputes_counts(campaign):
    first, second = make_nominee(campaign), make_nominee(campaign, name="李秀英")
    farm, honest = make_users(4, prefix="farm"), make_users(2, prefix="honest")
    like_many(campaign, farm, [first, second], ip="203.0.113.66")
    like_many(campaign, honest, [first], ip="198.51.100.1")
    assert like_counts(campaign.id, [first.id, second.id]) == {first.id: 6, second.id: 4}
    organizer = make_users(1, prefix="organizer")[0]

    void = void_likes(campaign, ips=["203.0.113.66"], nomination_ids=[first.id], reason="同一IP批量注册账号刷票",
                      actor=organizer)
    assert void.voided_count == 4 and void.counts_applied_at is not None
    assert like_counts(campaign.id, [first.id, second.id]) == {first.id: 2, second.id: 4}
    assert len(ledger_rows()) == 10  # voided likes stay, marked
    assert len(ledger_rows(void_id=void.id)) == 4

    void_likes(campaign, user_ids=[farm[0].id, farm[1].id], reason="账号被认定为刷票", actor=organizer)
    assert like_counts(campaign.id, [first.id, second.id]) == {first.id: 2, second.id: 2}
    later = datetime.now(timezone.utc) + timedelta(minutes=5)
    void_likes(campaign, since=later - timedelta(hours=1), until=later, nomination_ids=[second.id],
               reason="该时段集中刷票", actor=organizer)
    assert like_counts(campaign.id, [first.id, second.id]) == {first.id: 2, second.id: 0}
    assert verify(campaign)["differences"] == []
    rebuild(campaign)  # the ledger agrees: counts rebuilt without voided likes are the same
    assert like_counts(campaign.id, [first.id, second.id]) == {first.id: 2, second.id: 0}

    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "likes.voided")
                               .order_by(AuditEntry.id)).all()
    assert [e.data["voided"] for e in entries] == [4, 2, 2]
    assert entries[0].reason == "同一IP批量注册账号刷票" and entries[0].actor_user_id == organizer.id


def test_a_void_needs_a_reason_and_criteria_and_changes_nothing_otherwise(campaign):
    nominee = make_nominee(campaign)
    user = make_users(1)[0]
    like_many(campaign, [user], [nominee])
    for kwargs, code in [({"user_ids": [user.id], "reason": " "}, "reason_required"),
                         ({"reason": "刷票"}, "criteria_required"),
                         ({"ips": ["192.0.2.1"], "reason": "刷票"}, "nothing_to_void")]:
        with pytest.raises(DomainError) as refused:
            void_likes(campaign, **kwargs)
        assert refused.value.code == code
    assert db.session.scalar(sa.select(sa.func.count(LikeVoid.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(LikeRecord.id)).where(LikeRecord.void_id.is_not(None))) == 0
    assert like_counts(campaign.id, [nominee.id]) == {nominee.id: 1}


def test_nobody_can_add_or_delete_likes_through_the_ledger(campaign):
    from app.models.like import LedgerIsAppendOnly

    nominee = make_nominee(campaign)
    like_many(campaign, make_users(1), [nominee])
    drain_everything()
    row = ledger_rows()[0]
    db.session.delete(row)
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    row = ledger_rows()[0]
    row.nomination_id = make_nominee(campaign, name="李秀英").id
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_the_drain_command_and_the_burst_worker_empty_the_stream(campaign, runner):
    nominee = make_nominee(campaign)
    like_many(campaign, make_users(4), [nominee])
    result = runner.invoke(args=["likes", "drain", "--once"])
    assert result.exit_code == 0 and "4 条" in result.output
    like_many(campaign, make_users(2), [nominee])
    assert runner.invoke(args=["worker", "--burst"]).exit_code == 0
    assert len(ledger_rows()) == 6 and drain("anyone") == 0
