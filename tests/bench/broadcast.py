"""Broadcast benchmark (run by hand, not by pytest): messages delivered per second by one worker and by two.

    python tests/bench/broadcast.py [--users 20000]

Like tests/bench/likes.py: its own redis-server, a database (BENCH_DATABASE_URL: a PostgreSQL server, on which
a temporary database is made and dropped; default a fresh SQLite file) with a campaign, an organizer and
`--users` mini-program users seeded in bulk. For 1 and then 2 workers it writes a broadcast to all users,
sends it (the job is queued on Redis), starts that many real `flask --app app worker --burst` processes and
waits for them: each resumes the broadcast in its start-up sweep, the batches are shared between them (the
cursor is claimed by compare-and-set) and the outbox delivers the rows. It prints, per run, messages
delivered per second from the first row written to the last delivered (the workers' work) and over the wall
clock including the workers' start-up, and checks exactness: one row per recipient and channel, every row
delivered. The channels are those registered in the outbox on this branch (the in-app inbox; WeChat
channels call the emulator when they exist). Exit status 0 when exact and ≥ 300 messages/s per worker.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import likes as bench  # noqa: E402 - the likes benchmark's helpers: ports, redis-server
import reads  # noqa: E402 - a temporary PostgreSQL database

ROOT = bench.ROOT
from app.services.broadcasts.fanout import BATCH_SIZE  # noqa: E402
GOAL_PER_WORKER = 300


def prepare(env: dict, users: int) -> None:
    os.environ.update(env)
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import User
    from app.services.campaigns import stages
    from app.services.campaigns.creation import create_campaign

    app = create_app()
    with app.app_context():
        upgrade()
        campaign = create_campaign(2019, "寻找“身边的港城工匠”选树活动（压测）")
        db.session.flush()
        stages.set_override(campaign, "promotion", actor_label="bench")
        db.session.add(User(username="bench-organizer", nickname="压测组织者", roles=["organizer"]))
        rows = [{"openid": f"bench-{i}", "roles": []} for i in range(users)]
        for start in range(0, users, 5000):
            db.session.execute(sa.insert(User), rows[start:start + 5000])
        db.session.commit()


def one_run(env: dict, workers: int) -> dict:
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import Notification, User
    from app.models.base import as_utc
    from app.services.broadcasts import composing

    app = create_app()
    with app.app_context():
        organizer = db.session.scalar(sa.select(User).where(User.username == "bench-organizer"))
        broadcast = composing.create(organizer, {"title": f"压测通知（{workers} 个 worker）",
                                                 "body": "“港城工匠”评议结果公示已开始，欢迎监督。",
                                                 "audience": {"kind": "all_users"}, "channels": ["inbox"]})
        bid = broadcast.id
        composing.send_now(organizer, bid)
        expected = db.session.get(type(broadcast), bid).recipient_count * len(broadcast.channels)
        db.session.remove()
    started = time.monotonic()
    processes = [subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker", "--burst"], cwd=ROOT,
                                  env={**os.environ, **env},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(workers)]
    for process in processes:
        _, err = process.communicate(timeout=900)
        if process.returncode:
            raise SystemExit(f"a worker failed:\n{err.decode(errors='replace')[-3000:]}")
    wall = time.monotonic() - started
    with app.app_context():
        rows, people, delivered, first, last = db.session.execute(
            sa.select(sa.func.count(Notification.id), sa.func.count(sa.distinct(Notification.user_id)),
                      sa.func.count(Notification.id).filter(Notification.status == "delivered"),
                      sa.func.min(Notification.created_at), sa.func.max(Notification.delivered_at))
            .where(Notification.broadcast_id == bid)).one()
        state = db.session.get(type(broadcast), bid).state
        db.session.remove()
    work = max((as_utc(last) - as_utc(first)).total_seconds(), 1e-3) if first and last else float("nan")
    return {"workers": workers, "expected": expected, "rows": rows, "people": people, "delivered": delivered,
            "state": state, "work_seconds": work, "wall_seconds": wall, "rate": delivered / work,
            "wall_rate": delivered / wall}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="broadcast-bench-") as tmp:
        tmp_path = Path(tmp)
        redis_process, port = bench.start_redis(tmp_path)
        drop = None
        try:
            database_url = os.environ.get("BENCH_DATABASE_URL")
            if database_url:
                database_url, drop = reads.temporary_database(database_url)
            else:
                database_url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
            env = {"APP_ENV": "development", "SECRET_KEY": "broadcast-bench-" + "x" * 40,
                   "CONTENT_CHECK": "local", "DATABASE_URL": database_url, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}
            prepare(env, args.users)
            print(f"database: {database_url.split(':', 1)[0]}; {args.users} users; batches of {BATCH_SIZE}; channel: inbox")
            failures = []
            for workers in (1, 2):
                result = one_run(env, workers)
                exact = (result["rows"] == result["people"] == result["delivered"] == result["expected"]
                         and result["state"] == "sent")
                print(f"{workers} worker(s): {result['delivered']} messages in {result['work_seconds']:.2f} s of work "
                      f"→ {result['rate']:.0f} messages/s ({result['rate'] / workers:.0f} per worker); wall clock "
                      f"with start-up {result['wall_seconds']:.2f} s → {result['wall_rate']:.0f}/s; "
                      f"{'exact' if exact else 'NOT EXACT'} (rows {result['rows']}, recipients {result['people']})")
                if not exact:
                    failures.append(f"{workers} workers: counts not exact")
                if result["rate"] / workers < GOAL_PER_WORKER:
                    failures.append(f"{workers} workers: below {GOAL_PER_WORKER}/s per worker")
            for failure in failures:
                print("FAIL:", failure)
            return 1 if failures else 0
        finally:
            redis_process.terminate()
            redis_process.wait(timeout=10)
            if drop is not None:
                drop()


if __name__ == "__main__":
    sys.exit(main())
