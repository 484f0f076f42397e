"""Redis killed with SIGKILL under load and restarted: every acknowledged like reaches the ledger.

The test runs its own redis-server (AOF, appendfsync always, as production must) on its own socket and
data directory, and a second copy of the app on it, served over HTTP to threads that like non-stop
while a drain thread runs.
"""
import os
import shutil
import signal
import subprocess
import threading
import time

import pytest
import redis
import requests
import sqlalchemy as sa
from werkzeug.serving import make_server

from app.extensions import db
from app.models import LikeRecord
from app.services.accounts.auth import issue_token
from app.services.likes.counts import board_key
from tests.factories.likes import campaign, likes_app, make_nominee, make_users  # noqa: F401

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def start_redis(data_dir, socket_path) -> subprocess.Popen:
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", "0", "--unixsocket", str(socket_path), "--dir", str(data_dir),
         "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(unix_socket_path=str(socket_path))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if client.ping():
                return process
        except redis.exceptions.BusyLoadingError:
            pass
        except redis.ConnectionError:
            pass
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not start")


@pytest.mark.skipif(not os.path.exists(REDIS_SERVER), reason="needs redis-server (.ci/run installs it)")
def test_redis_killed_under_load_loses_no_acknowledged_like(app, campaign, tmp_path):
    from app import create_app
    from app.tasks.likes import start_drain_thread

    campaign.likes_per_ip_per_minute = 100_000  # all the load comes from this one machine
    db.session.commit()
    nominee_ids = [make_nominee(campaign, name=f"候选人{i}").id for i in range(10)]
    tokens = {user.id: issue_token(user) for user in make_users(120)}
    user_ids = sorted(tokens)
    campaign_id = campaign.id
    socket_path = tmp_path / "redis.sock"
    server_process = start_redis(tmp_path, socket_path)
    crashing = create_app({"TESTING": True, "REDIS_URL": f"unix://{socket_path}", "LIKE_RISK_CHECK": False})
    server = make_server("127.0.0.1", 0, crashing, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/api/v1/nominees/%d/like"
    drainer, stop_draining = start_drain_thread(crashing, block_ms=100)

    acknowledged, lock = [], threading.Lock()
    statuses: dict = {}

    def like_all(my_users):
        with requests.Session() as session:
            for user_id in my_users:
                for nominee_id in nominee_ids:
                    try:
                        response = session.post(url % nominee_id, timeout=10,
                                                headers={"Authorization": f"Bearer {tokens[user_id]}"})
                    except requests.RequestException as exc:
                        with lock:
                            statuses[type(exc).__name__] = statuses.get(type(exc).__name__, 0) + 1
                        continue
                    with lock:
                        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                        if response.status_code == 200:
                            acknowledged.append((user_id, nominee_id))

    try:
        workers = [threading.Thread(target=like_all, args=(user_ids[i::6],)) for i in range(6)]
        for worker in workers:
            worker.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < 150 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(acknowledged) >= 150, statuses
        server_process.send_signal(signal.SIGKILL)  # kill -9, mid-load
        server_process.wait()
        time.sleep(0.5)  # likes meanwhile are refused with 503, never acknowledged
        server_process = start_redis(tmp_path, socket_path)
        for worker in workers:
            worker.join(timeout=120)
        stop_draining.set()
        drainer.join(timeout=20)
        with crashing.app_context():
            from app.services.likes.stream import drain_all

            drain_all(claim_idle_ms=0)  # what the drain thread had read and not acknowledged
            ledger = set(db.session.execute(sa.select(LikeRecord.user_id, LikeRecord.nomination_id)).all())
            total = db.session.scalar(sa.select(sa.func.count(LikeRecord.id)))
            counted = sum(int(s) for _, s in crashing.extensions["redis"].zrange(
                board_key(campaign_id), 0, -1, withscores=True))
    finally:
        stop_draining.set()
        server.shutdown()
        server_process.kill()
        server_process.wait()

    assert statuses.get(503, 0) + statuses.get("ConnectionError", 0) > 0, statuses  # the crash was felt under load
    assert set(statuses) <= {200, 503, "ConnectionError"}, statuses
    assert len(acknowledged) >= 150
    assert set(acknowledged) <= ledger  # every acknowledged like is in the ledger
    assert total == len(ledger) == counted  # no duplicates; Redis counts what the ledger holds
