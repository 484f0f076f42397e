"""Redis killed (SIGKILL) under a stream of likes, then started again from its append-only file.

While it is down: likes and logins answer 503 JSON at once; the campaign read (stages, timeline, switches: all in
the database) keeps answering 200, built without the shared cache; a nominee's page and the lists show live like
counts, which live in Redis, so they answer 503 like the likes. Once it is back: every like that was
answered 200 is in the ledger, once, and Redis counts exactly what the ledger holds.
"""
from __future__ import annotations

import threading
import time

import pytest
import requests
import sqlalchemy as sa

from app.extensions import db
from app.models import LikeRecord
from app.services.accounts.auth import issue_token
from app.services.likes.counts import board_key
from tests.factories.likes import make_users
from tests.faults.helpers import api_login, assert_unavailable, seed_campaign, timed
from tests.faults.processes import wait_for

pytestmark = pytest.mark.faults


class Likers:
    """Threads that like every nominee as each of their users, counting the answers."""

    def __init__(self, base: str, tokens: dict[int, str], nominees: list[int], threads: int = 4):
        self.url = base + "/api/v1/nominees/%d/like"
        self.tokens, self.nominees = tokens, nominees
        self.acknowledged: list[tuple[int, int]] = []
        self.unanswered: set[tuple[int, int]] = set()  # 503 or cut: Redis may have recorded it as it died
        self.statuses: dict = {}
        self.lock = threading.Lock()
        users = sorted(tokens)
        self.threads = [threading.Thread(target=self._run, args=(users[i::threads],)) for i in range(threads)]

    def _run(self, users):
        with requests.Session() as session:
            for user_id in users:
                for nominee in self.nominees:
                    try:
                        answer = session.post(self.url % nominee, timeout=10,
                                              headers={"Authorization": f"Bearer {self.tokens[user_id]}"})
                        outcome = answer.status_code
                    except requests.RequestException as exc:
                        outcome = type(exc).__name__
                    with self.lock:
                        self.statuses[outcome] = self.statuses.get(outcome, 0) + 1
                        if outcome == 200:
                            self.acknowledged.append((user_id, nominee))
                        else:
                            self.unanswered.add((user_id, nominee))
                    time.sleep(0.005)

    def start(self):
        for thread in self.threads:
            thread.start()

    def join(self):
        for thread in self.threads:
            thread.join(timeout=120)


def test_redis_killed_refuses_likes_and_logins_keeps_public_reads_and_loses_no_acknowledged_like(
        stack, fault_app, worker):
    campaign_id, nominees = seed_campaign(nominees=5)
    tokens = {user.id: issue_token(user) for user in make_users(80)}
    base = stack.web.url
    worker.start()
    assert requests.get(base + f"/api/v1/nominees/{nominees[0]}", timeout=10).status_code == 200  # cached now

    likers = Likers(base, tokens, nominees)
    likers.start()
    wait_for(lambda: len(likers.acknowledged) >= 60, 60, "60 likes acknowledged")
    stack.redis.kill()
    try:
        like, seconds = timed(requests.post, base + f"/api/v1/nominees/{nominees[0]}/like", timeout=10,
                              headers={"Authorization": f"Bearer {next(iter(tokens.values()))}"})
        assert_unavailable(like)
        assert seconds < 5
        login, seconds = timed(api_login, base, "newcomer")
        assert_unavailable(login)
        assert seconds < 5
        # The campaign read needs no Redis: built from the database (the shared cache is skipped meanwhile).
        current = requests.get(base + "/api/v1/campaigns/current", timeout=10)
        assert current.status_code == 200 and current.json()["campaign"]["id"] == campaign_id
        assert current.json()["open"]["likes"] is True
        # A nominee's page shows its live count, kept in Redis: refused, never a stale or a zero count.
        assert_unavailable(requests.get(base + f"/api/v1/nominees/{nominees[1]}", timeout=10))
        time.sleep(0.5)  # the likers meet the outage too
    finally:
        stack.redis.start()  # from its append-only file
    likers.join()
    assert set(likers.statuses) <= {200, 503}, likers.statuses  # never a 500, never a hang
    assert likers.statuses.get(503, 0) > 0, likers.statuses  # the outage was felt under load
    assert api_login(base, "newcomer").status_code == 200  # logins are back without a restart

    acknowledged = set(likers.acknowledged)
    assert len(acknowledged) == len(likers.acknowledged)

    def drained():
        db.session.remove()
        return db.session.scalar(sa.select(sa.func.count(LikeRecord.id))) >= len(acknowledged)

    wait_for(drained, 60, "the worker draining every like into the ledger", interval=0.3)
    assert worker.process.poll() is None, worker.log()[-3000:]  # the worker waited the outage out
    time.sleep(1.0)  # anything extra (a like counted twice) would have reached the ledger by now
    db.session.remove()
    ledger = db.session.execute(sa.select(LikeRecord.user_id, LikeRecord.nomination_id)).all()
    counted = sum(int(score) for _, score in stack.redis.client().zrange(board_key(campaign_id), 0, -1,
                                                                          withscores=True))
    # Every acknowledged like once; a row beyond them only for a like whose answer the outage cut (the script
    # ran and was written to the AOF as Redis died, the web got no reply): never counted twice, never invented.
    assert acknowledged <= set(ledger) and len(set(ledger)) == len(ledger) == counted
    assert set(ledger) - acknowledged <= likers.unanswered
