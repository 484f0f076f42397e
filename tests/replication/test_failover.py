"""The Redis primary killed with SIGKILL under load, Sentinel promoting the replica: no acknowledged like is lost.

The app finds the primary through three Sentinels (REDIS_SENTINELS) and acknowledges a like only once the
replica has it (LIKES_WAIT_REPLICAS=1). Threads like non-stop over HTTP while the worker's drain thread
runs; the primary is killed, the replica promoted; with no replica left the new primary's likes are not
acknowledged (503 like_unconfirmed) until the old primary is back as its replica. Every 200 answer must
then be in the new primary and in the ledger.
"""
import os
import threading
import time

import pytest
import requests
import sqlalchemy as sa
from werkzeug.serving import make_server

from app.extensions import db
from app.models import LikeRecord
from app.services.accounts.auth import issue_token
from app.services.likes.state import current_ref, moment, user_day_key
from tests.factories.likes import campaign, likes_app, make_nominee, make_users  # noqa: F401
from tests.replication.cluster import MASTER_NAME, REDIS_SERVER, wait_for

pytestmark = [pytest.mark.faults,
              pytest.mark.skipif(not os.path.exists(REDIS_SERVER), reason="needs redis-server (.ci/run installs it)")]


class Load:
    """Threads that like as their own users until stopped; every answer is kept with the phase it came in."""

    def __init__(self, url: str, tokens: dict, nominee_ids: list, threads: int = 6):
        self.url, self.tokens, self.phase = url, tokens, "before"
        self.answers: list[tuple[str, int, str, int, int]] = []  # phase, status, error code, user, nominee
        self.lock, self.stop = threading.Lock(), threading.Event()
        pairs = [(user_id, nominee_id) for user_id in sorted(tokens) for nominee_id in nominee_ids]
        self.threads = [threading.Thread(target=self._run, args=(pairs[i::threads],)) for i in range(threads)]

    def _run(self, pairs):
        with requests.Session() as session:
            for user_id, nominee_id in pairs:
                if self.stop.is_set():
                    return
                phase = self.phase
                try:
                    response = session.post(self.url % nominee_id, timeout=10,
                                            headers={"Authorization": f"Bearer {self.tokens[user_id]}"})
                    status = response.status_code
                    code = "" if status == 200 else response.json()["error"]["code"]
                except requests.RequestException as exc:
                    status, code = 0, type(exc).__name__
                with self.lock:
                    self.answers.append((phase, status, code, user_id, nominee_id))
                if status != 200:
                    time.sleep(0.02)

    def count(self, phase: str, status: int = 200, code: str = "") -> int:
        with self.lock:
            return sum(1 for p, s, c, _, _ in self.answers if p == phase and s == status and c == code)

    def summary(self) -> dict:
        with self.lock:
            found: dict = {}
            for phase, status, code, _, _ in self.answers:
                found[(phase, status, code)] = found.get((phase, status, code), 0) + 1
            return found

    def acknowledged(self) -> list[tuple[int, int]]:
        with self.lock:
            return [(user_id, nominee_id) for _, status, _, user_id, nominee_id in self.answers if status == 200]


def test_a_failover_under_load_loses_no_acknowledged_like(app, campaign, cluster):
    from app import create_app
    from app.services.campaigns.stages import current_campaign
    from app.services.likes.repair import rebuild, verify
    from app.services.likes.stream import drain_all
    from app.tasks.likes import start_drain_thread

    campaign.likes_per_ip_per_minute = campaign.like_velocity_hold_per_minute = 1_000_000  # one machine sends all
    db.session.commit()
    nominee_ids = [make_nominee(campaign, name=f"候选人{i}").id for i in range(10)]
    tokens = {user.id: issue_token(user) for user in make_users(500)}
    replicated = create_app({"TESTING": True, "REDIS_URL": "", "REDIS_SENTINELS": cluster.sentinels,
                             "REDIS_SENTINEL_MASTER": MASTER_NAME, "LIKES_WAIT_REPLICAS": 1,
                             "LIKES_WAIT_TIMEOUT_MS": 300, "LIKE_RISK_CHECK": False})
    server = make_server("127.0.0.1", 0, replicated, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    drainer, stop_draining = start_drain_thread(replicated, block_ms=100)
    load = Load(f"http://127.0.0.1:{server.server_port}/api/v1/nominees/%d/like", tokens, nominee_ids)
    try:
        for thread in load.threads:
            thread.start()
        wait_for(lambda: load.count("before") >= 150, 30, "150 acknowledged likes")
        replica_port = cluster.ports["replica"]
        cluster.kill("primary")  # kill -9, mid-load
        load.phase, killed_at = "down", time.monotonic()
        wait_for(lambda: cluster.primary_port_named() == replica_port, 30, "Sentinel to promote the replica", 0.1)
        failover_seconds = time.monotonic() - killed_at
        # The new primary has no replica: its likes are recorded, and honestly not acknowledged.
        wait_for(lambda: load.count("down", 503, "like_unconfirmed") >= 5, 20, "likes refused as unconfirmed")
        cluster.start_server("primary", replica_of=replica_port)  # the old primary back, as the new one's replica
        wait_for(lambda: cluster.client("replica").info("replication")["connected_slaves"] >= 1, 30,
                 "the old primary to replicate the new one")
        load.phase = "restored"
        wait_for(lambda: load.count("restored") >= 100, 30, "100 acknowledged likes after the failover")
    except AssertionError as exc:
        raise AssertionError(f"{exc}; answers so far: {load.summary()}") from None
    finally:
        load.stop.set()
        for thread in load.threads:
            thread.join(timeout=30)
        stop_draining.set()
        drainer.join(timeout=20)
        server.shutdown()

    with replicated.app_context():
        drain_all(claim_idle_ms=0)  # what the drain thread had read and not acknowledged
        ledger = set(db.session.execute(sa.select(LikeRecord.user_id, LikeRecord.nomination_id)).all())
        ref = current_ref()
        day = moment(ref).day
        new_primary = cluster.client("replica")
        in_redis = {(user_id, nominee_id) for user_id, nominee_id in load.acknowledged()
                    if int(new_primary.hget(user_day_key(ref.id, day, user_id), nominee_id) or 0) >= 1}
        drifted = verify(current_campaign())["differences"]  # likes the old primary never passed on
        rebuild(current_campaign())  # `flask likes rebuild`: Redis put back from the ledger
        after_rebuild = verify(current_campaign())["differences"]

    acknowledged = load.acknowledged()
    statuses = {(status, code) for _, status, code, _, _ in load.answers}
    print(f"\nfailover: {failover_seconds:.1f} s to promote; {len(acknowledged)} likes acknowledged "
          f"({load.count('before')} before the kill, {load.count('restored')} after); answers {sorted(statuses)}; "
          f"nominees whose Redis count differed from the ledger before the rebuild: {len(drifted)}")
    assert statuses <= {(200, ""), (503, "service_unavailable"), (503, "like_unconfirmed")}, statuses
    assert load.count("down", 503, "like_unconfirmed") >= 5  # no replica, no acknowledgement
    assert load.count("restored") >= 100  # likes are acknowledged again once a replica is back
    assert set(acknowledged) <= in_redis  # every acknowledged like is in the new primary
    assert set(acknowledged) <= ledger  # and in the ledger
    assert len(acknowledged) == len(set(acknowledged))
    assert after_rebuild == []
