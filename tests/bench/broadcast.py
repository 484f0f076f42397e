"""Broadcast benchmark (run by hand, not by pytest): messages delivered per second by one worker and by two,
to the in-app inbox and as mini-program subscribe messages through the WeChat emulator.

    python tests/bench/broadcast.py [--users 20000] [--channels inbox,subscribe]

Like tests/bench/reads.py: its own redis-server, a database (BENCH_DATABASE_URL: a PostgreSQL server, on which
a temporary database is made and dropped; default a fresh SQLite file) with a campaign, an organizer and
`--users` mini-program users (openids dev-bench-N) seeded in bulk, and the app under gunicorn with
app/gunicorn_conf.py (the settings `flask serve` uses), which serves the WeChat emulator under
/_wechat-emulator; the workers call it there (WECHAT_EMULATOR_URL).

For each channel and for 1 and then 2 workers it writes a broadcast to all users, sends it (the job is queued
on Redis), starts that many real `flask --app app worker --burst` processes and waits for them: each resumes
the broadcast in its start-up sweep, the batches are shared between them (the cursor is claimed by
compare-and-set) and the outbox delivers the rows.
- inbox: the broadcast's only channel is the in-app inbox (no WeChat call);
- subscribe: the broadcast goes to the inbox and as a subscribe message; before the run every user holds one
  grant of the broadcast's template on our side (subscribe_grant rows, set in bulk) and on WeChat's (the
  emulator's grant hashes in Redis, set in bulk), and the emulator's sent log is emptied.
It prints, per run, the channel's messages per second from the first row written to the last delivered (for
subscribe: to the emulator's last sent-log entry) and over the wall clock including the workers' start-up,
and checks exactness: one row per recipient and channel, every row delivered; for subscribe, the emulator's
sent log holds one message per recipient (EMULATOR_SENT_KEEP, 50,000 by default, must cover --users) and
every grant was used once on both sides. It also prints the CPU time per message of the workers (start-up
included), of the emulator's gunicorn and of Redis (the database's is not counted). Exit status 0 when exact
and ≥ 300 messages/s per worker. To look closer: BENCH_PROFILE=file runs the workers under cProfile (the last
one's profile is kept), BENCH_STDERR=file keeps the last worker's standard error.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import runpy
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import likes as bench  # noqa: E402 - the likes benchmark's helpers: ports, redis-server
import reads  # noqa: E402 - a temporary PostgreSQL database

ROOT = bench.ROOT
from app.services.broadcasts.fanout import BATCH_SIZE  # noqa: E402
from app.wechat.emulator_base import KEY_PREFIX  # noqa: E402

GOAL_PER_WORKER = 300
GUNICORN_CONFIG = ROOT / "app" / "gunicorn_conf.py"


def openid(i: int) -> str:
    return f"dev-bench-{i}"


def broadcast_template() -> str:
    from app.services.notifications.registry import get_registry

    return get_registry().route("broadcast", "subscribe").template.template_id


def prepare(env: dict, users: int) -> None:
    os.environ.update(env)
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import SubscribeGrant, User
    from app.services.campaigns import stages
    from app.services.campaigns.creation import create_campaign

    app = create_app()
    with app.app_context():
        upgrade()
        campaign = create_campaign(2019, "寻找“身边的港城工匠”选树活动（压测）")
        db.session.flush()
        stages.set_override(campaign, "promotion", actor_label="bench")
        db.session.add(User(username="bench-organizer", nickname="压测组织者", roles=["organizer"]))
        rows = [{"openid": openid(i), "roles": []} for i in range(users)]
        for start in range(0, users, 5000):
            db.session.execute(sa.insert(User), rows[start:start + 5000])
        template_id = broadcast_template()
        user_ids = list(db.session.scalars(sa.select(User.id).where(User.openid.like("dev-bench-%"))))
        grants = [{"user_id": uid, "template_id": template_id, "remaining": 0, "accepted_total": 0,
                   "rejected_total": 0} for uid in user_ids]
        for start in range(0, len(grants), 5000):
            db.session.execute(sa.insert(SubscribeGrant), grants[start:start + 5000])
        db.session.commit()


def grant_everyone(app, users: int) -> None:
    """One grant of the broadcast's template per user, on our side and on the emulator's; an empty sent log."""
    import sqlalchemy as sa

    from app.extensions import db
    from app.models import SubscribeGrant
    from app.redis_store import get_redis

    template_id = broadcast_template()
    db.session.execute(sa.update(SubscribeGrant).where(SubscribeGrant.template_id == template_id)
                       .values(remaining=1, accepted_total=SubscribeGrant.accepted_total + 1))
    db.session.commit()
    redis = get_redis()
    appid = app.config["WECHAT_MINI_APPID"]
    pipe = redis.pipeline(transaction=False)
    for i in range(users):
        pipe.hset(f"{KEY_PREFIX}subscribe:grants:{appid}:{openid(i)}", template_id, 1)
        if i % 5000 == 4999:
            pipe.execute()
    pipe.delete(f"{KEY_PREFIX}sent")
    pipe.execute()


def emulator_figures(app, users: int) -> dict:
    """The emulator's sent log (subscribe messages): count, distinct recipients, the last one's time; and the
    grants left on WeChat's side."""
    from app.redis_store import get_redis

    redis = get_redis()
    entries = [json.loads(raw) for raw in redis.lrange(f"{KEY_PREFIX}sent", 0, -1)]
    entries = [e for e in entries if e["kind"] == "subscribe"]
    appid, template_id = app.config["WECHAT_MINI_APPID"], broadcast_template()
    pipe = redis.pipeline(transaction=False)
    for i in range(users):
        pipe.hget(f"{KEY_PREFIX}subscribe:grants:{appid}:{openid(i)}", template_id)
    left = sum(int(v or 0) for v in pipe.execute())
    return {"sent": len(entries), "sent_to": len({e["to"] for e in entries}),
            "last_at": max((e["at"] for e in entries), default=None), "grants_left_wechat": left}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(env: dict, workers: int, channel: str, users: int, served: dict[str, list[int]]) -> dict:
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import Notification, SubscribeGrant, User
    from app.models.base import as_utc
    from app.services.broadcasts import composing

    app = create_app()
    with app.app_context():
        if channel == "subscribe":
            grant_everyone(app, users)
        organizer = db.session.scalar(sa.select(User).where(User.username == "bench-organizer"))
        broadcast = composing.create(organizer, {"title": f"压测通知（{workers} 个 worker）",
                                                 "body": "“港城工匠”评议结果公示已开始，欢迎监督。",
                                                 "audience": {"kind": "all_users"}, "channels": [channel]})
        bid = broadcast.id
        composing.send_now(organizer, bid)
        recipients = db.session.get(type(broadcast), bid).recipient_count
        db.session.remove()
    started, cpu_before = time.monotonic(), children_cpu()
    served_before = {name: bench.cpu_seconds(pids) for name, pids in served.items()}
    profile = ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]] if os.environ.get("BENCH_PROFILE") else []
    processes = [subprocess.Popen([sys.executable, *profile, "-m", "flask", "--app", "app", "worker", "--burst"], cwd=ROOT,
                                  env={**os.environ, **env},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(workers)]
    for process in processes:
        _, err = process.communicate(timeout=3600)
        if os.environ.get("BENCH_STDERR"):
            Path(os.environ["BENCH_STDERR"]).write_bytes(err)
        if process.returncode:
            raise SystemExit(f"a worker failed:\n{err.decode(errors='replace')[-3000:]}")
    wall = time.monotonic() - started
    cpu = {"workers": children_cpu() - cpu_before,
           **{name: bench.cpu_seconds(pids) - served_before[name] for name, pids in served.items()}}
    with app.app_context():
        def figures(row_channel: str):
            return db.session.execute(
                sa.select(sa.func.count(Notification.id), sa.func.count(sa.distinct(Notification.user_id)),
                          sa.func.count(Notification.id).filter(Notification.status == "delivered"),
                          sa.func.min(Notification.created_at), sa.func.max(Notification.delivered_at),
                          sa.func.max(Notification.attempts))
                .where(Notification.broadcast_id == bid, Notification.channel == row_channel)).one()

        inbox = figures("inbox")
        rows, people, delivered, first, last, attempts = figures(channel)
        state = db.session.get(type(broadcast), bid).state
        result = {"workers": workers, "channel": channel, "expected": recipients, "rows": rows, "people": people,
                  "delivered": delivered, "max_attempts": attempts, "state": state, "wall_seconds": wall,
                  "inbox_ok": inbox[0] == inbox[1] == inbox[2] == recipients}
        if channel == "subscribe":
            emulator = emulator_figures(app, users)
            result.update(emulator)
            result["grants_left_ours"] = db.session.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(SubscribeGrant.remaining), 0))
                .where(SubscribeGrant.template_id == broadcast_template()))
            result["grants_held"] = db.session.scalar(sa.select(sa.func.count(Notification.id))
                                                      .where(Notification.broadcast_id == bid,
                                                             Notification.grant_held.is_(True)))
            if emulator["last_at"] is not None:
                last = datetime.fromtimestamp(emulator["last_at"], tz=timezone.utc)
        db.session.remove()
    work = max((as_utc(last) - as_utc(first)).total_seconds(), 1e-3) if first and last else float("nan")
    result.update(work_seconds=work, rate=delivered / work, wall_rate=delivered / wall,
                  cpu_ms={name: 1000 * seconds / max(delivered, 1) for name, seconds in cpu.items()})
    result["exact"] = (rows == people == delivered == recipients and state == "sent" and attempts == 1
                       and result["inbox_ok"])
    if channel == "subscribe":
        result["exact"] = (result["exact"] and result["sent"] == result["sent_to"] == rows
                           and result["grants_left_ours"] == 0 and result["grants_left_wechat"] == 0
                           and result["grants_held"] == 0)
    return result


def report(result: dict) -> str:
    workers = result["workers"]
    line = (f"{result['channel']}, {workers} worker(s): {result['delivered']} messages in "
            f"{result['work_seconds']:.2f} s of work → {result['rate']:.0f} messages/s "
            f"({result['rate'] / workers:.0f} per worker); wall clock with start-up {result['wall_seconds']:.2f} s "
            f"→ {result['wall_rate']:.0f}/s; {'exact' if result['exact'] else 'NOT EXACT'} "
            f"(rows {result['rows']}, recipients {result['people']}")
    if result["channel"] == "subscribe":
        line += (f", emulator sent {result['sent']} to {result['sent_to']}, grants left {result['grants_left_ours']}"
                 f" ours / {result['grants_left_wechat']} WeChat's, held {result['grants_held']}")
    cpu = ", ".join(f"{name} {ms:.2f}" for name, ms in result["cpu_ms"].items())
    return line + f"); CPU ms per message: {cpu}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--channels", default="inbox,subscribe", help="inbox, subscribe or both (comma-separated)")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    args = parser.parse_args()
    channels = [c for c in args.channels.split(",") if c]
    served = runpy.run_path(str(GUNICORN_CONFIG))
    with tempfile.TemporaryDirectory(prefix="broadcast-bench-") as tmp:
        tmp_path = Path(tmp)
        redis_process, redis_port = bench.start_redis(tmp_path)
        drop = web = None
        try:
            database_url = os.environ.get("BENCH_DATABASE_URL")
            if database_url:
                database_url, drop = reads.temporary_database(database_url)
            else:
                database_url = f"sqlite:///{tmp_path / 'bench.sqlite3'}"
            port = bench.free_port()
            env = {"APP_ENV": "development", "SECRET_KEY": "broadcast-bench-" + "x" * 40, "CONTENT_CHECK": "local",
                   "DATABASE_URL": database_url, "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                   "PORT": str(port), "WECHAT_EMULATOR": "1",
                   "WECHAT_EMULATOR_URL": f"http://127.0.0.1:{port}/_wechat-emulator",
                   "EMULATOR_SENT_KEEP": str(max(50_000, args.users))}
            prepare(env, args.users)
            web = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG),
                                    "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "app:create_app()"],
                                   cwd=ROOT, env={**os.environ, **env})
            import requests

            bench.wait_until(lambda: requests.get(f"http://127.0.0.1:{port}/api/v1/ping", timeout=1).ok, 30,
                             "gunicorn")
            served_pids = {"emulator (gunicorn)": bench.children(web.pid), "redis": [redis_process.pid]}
            print(f"database: {database_url.split(':', 1)[0]}; {args.users} users; batches of {BATCH_SIZE}; "
                  f"emulator under gunicorn ({served['workers']} workers); load {os.getloadavg()[0]:.1f}")
            failures = []
            for channel in channels:
                for workers in (int(w) for w in args.workers.split(",")):
                    result = one_run(env, workers, channel, args.users, served_pids)
                    print(report(result), flush=True)
                    if not result["exact"]:
                        failures.append(f"{channel}, {workers} workers: counts not exact")
                    if result["rate"] / workers < GOAL_PER_WORKER:
                        failures.append(f"{channel}, {workers} workers: below {GOAL_PER_WORKER}/s per worker")
            for failure in failures:
                print("FAIL:", failure)
            return 1 if failures else 0
        finally:
            if web is not None:
                web.terminate()
                web.wait(timeout=30)
            redis_process.terminate()
            redis_process.wait(timeout=10)
            if drop is not None:
                drop()


if __name__ == "__main__":
    sys.exit(main())
