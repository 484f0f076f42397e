"""Public reads benchmark (run by hand, not by pytest): the campaign, nominee lists, nominee pages and the
leaderboard against GET /api/v1/ping, under gunicorn with a real Redis.

    python tests/bench/reads.py [--connections 32] [--rounds 3] [--duration 5] [--threads 2]

Like tests/bench/likes.py: its own redis-server, a database (BENCH_DATABASE_URL: a PostgreSQL server, on
which a temporary database is made and dropped; default a fresh SQLite file) holding the demo campaign
in the promotion stage (`seed-demo --stage promotion`: 64 nominations, 50 finalists with stories, photo
sizes) with likes spread over the finalists, and the app under gunicorn with app/gunicorn_conf.py, the
settings `flask serve` uses. wrk (reads_wrk.lua) keeps 32 connections busy on one path at a time; ping
and each read take turns in every round, so a change in the machine's other load hits all alike. It
prints requests/s, p50/p99 latency, the body bytes of an answer and the ratio to ping, then checks that
answers follow changes within the promised delay: a like (the page at once, the list and leaderboard
within 2 s), a story publication and a stage switch (the next read).
Exit status 0 when every read reaches ≥ 0.5× ping's requests/s with a p99 ≤ 2× ping's, a list page of
20 is under 24 KB, and the checks hold.
"""
from __future__ import annotations

import argparse
import gc
import os
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import likes as bench  # noqa: E402 - the likes benchmark's helpers: ports, redis-server, /proc figures

ROOT = bench.ROOT
WRK_SCRIPT = Path(__file__).with_name("reads_wrk.lua")
GUNICORN_CONFIG = ROOT / "app" / "gunicorn_conf.py"
LIST_LIMIT_BYTES = 24 * 1024


def temporary_database(url: str) -> tuple[str, callable]:
    """A fresh database on the PostgreSQL server of `url`, and how to drop it: never the shared one's tables."""
    import psycopg

    name = f"reads_bench_{os.getpid()}"
    parts = urlsplit(url)
    admin = urlunsplit((parts.scheme.replace("+psycopg", ""), parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", "")), drop


def prepare(env: dict) -> dict:
    """The demo in promotion, likes spread over the finalists; the paths to read."""
    os.environ.update(env)
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import Nomination
    from app.redis_store import get_redis
    from app.services.likes.counts import board_key
    from app.services.seed.demo import seed_demo

    app = create_app()
    with app.app_context():
        upgrade()
        seed_demo(stage="promotion")
        finalists = list(db.session.scalars(sa.select(Nomination).where(Nomination.status == "finalist")
                                            .order_by(Nomination.id)))
        get_redis().zadd(board_key(finalists[0].campaign_id),
                         {str(n.id): (k * 37) % 500 for k, n in enumerate(finalists)})
        ids = [n.id for n in finalists]
    return {
        "campaign": ["/api/v1/campaigns/current"],
        "list": [f"/api/v1/nominees?sort=likes&per_page=20&page={p}" for p in (1, 2, 3)],
        "nominee": [f"/api/v1/nominees/{i}" for i in ids[:20]],
        "leaderboard": ["/api/v1/leaderboard?limit=10"],
        "ids": ids,
    }


def drive(port: int, connections: int, threads: int, seconds: float, paths: list[str], workdir: Path) -> dict:
    out = workdir / "wrk.out"
    env = {**os.environ, "READS_BENCH_PATHS": " ".join(paths), "READS_BENCH_OUT": str(out)}
    subprocess.run(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "10s",
                    "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}"], env=env, check=True, stdout=subprocess.DEVNULL)
    figures = {"statuses": {}}
    for line in out.read_text().splitlines():
        kind, *numbers = line.split()
        values = [int(x) for x in numbers]
        if kind == "errors" and any(values):
            raise SystemExit(f"wrk saw socket errors (connect, read, write, timeout): {values}")
        if kind == "summary":
            figures.update(requests=values[0], seconds=values[1] / 1e6, p50=values[2] / 1000, p99=values[3] / 1000)
        elif kind == "status":
            figures["statuses"][values[0]] = figures["statuses"].get(values[0], 0) + values[1]
        elif kind == "body":
            figures["bytes"] = values[0] / max(1, values[1])
    return figures


def combine(runs: list[dict]) -> dict:
    requests = sum(r["requests"] for r in runs)
    seconds = sum(r["seconds"] for r in runs)
    statuses: dict[int, int] = {}
    for run in runs:
        for status, count in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    # Percentiles of rounds cannot be merged exactly: the median round's p50, the worst round's p99.
    p50s = sorted(r["p50"] for r in runs)
    return {"per_second": requests / seconds, "p50": p50s[len(p50s) // 2], "p99": max(r["p99"] for r in runs),
            "bytes": sum(r["bytes"] for r in runs) / len(runs), "statuses": statuses}


def check_changes(base: str, env: dict, ids: list[int]) -> list[str]:
    """After a like, a story publication and a stage switch, the answers show them within the promised delay."""
    import requests
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import User
    from app.services.campaigns import stages
    from app.services.nominees.profiles import publish_story
    from app.services.public_cache import LIKES_MAX_AGE_SECONDS

    problems = []

    def within(seconds: float, check) -> float | None:
        started = time.monotonic()
        while True:
            if check():
                return time.monotonic() - started
            if time.monotonic() - started > seconds:
                return None
            time.sleep(0.05)

    token = requests.post(f"{base}/api/v1/auth/login", json={"code": "dev-reads-bench"}, timeout=5).json()["token"]
    target = ids[-1]
    page = f"{base}/api/v1/nominees/{target}"
    before = requests.get(page, timeout=5).json()["likes"]
    liked = requests.post(f"{page}/like", headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "bench-1"},
                          timeout=5)
    if liked.status_code != 200:
        problems.append(f"the like was refused: {liked.status_code} {liked.text}")
    seen = {"page": within(0, lambda: requests.get(page, timeout=5).json()["likes"] == before + 1),
            "list": within(LIKES_MAX_AGE_SECONDS + 0.5, lambda: any(
                n["id"] == target and n["likes"] == before + 1 for n in requests.get(
                    f"{base}/api/v1/nominees?sort=likes&per_page=100", timeout=5).json()["items"])),
            "leaderboard": within(LIKES_MAX_AGE_SECONDS + 0.5, lambda: any(
                n["id"] == target and n["likes"] == before + 1 for n in requests.get(
                    f"{base}/api/v1/leaderboard?limit=100", timeout=5).json()["items"]))}
    with create_app().app_context():
        organizer = db.session.scalars(sa.select(User).where(User.openid == "dev-organizer")).one()
        publish_story(organizer, ids[0], published=False)
        requests.get(f"{base}/api/v1/nominees/{ids[0]}", timeout=5)  # cached without the story
        publish_story(organizer, ids[0])
        seen["story"] = within(0, lambda: requests.get(f"{base}/api/v1/nominees/{ids[0]}", timeout=5)
                               .json()["story"] is not None)
        stages.set_override(stages.current_campaign(), "evaluation", actor_label="bench")
        db.session.commit()
        seen["stage"] = within(0, lambda: requests.get(f"{base}/api/v1/campaigns/current", timeout=5)
                               .json()["stage"]["key"] == "evaluation")
    promised = {"page": "at once", "list": f"≤ {LIKES_MAX_AGE_SECONDS} s", "leaderboard": f"≤ {LIKES_MAX_AGE_SECONDS} s",
                "story": "at once", "stage": "at once"}
    print("changes seen: " + " · ".join(
        f"{what} {'NOT SEEN' if delay is None else f'after {delay * 1000:.0f} ms'} (promised {promised[what]})"
        for what, delay in seen.items()))
    problems += [f"{what} not seen within {promised[what]}" for what, delay in seen.items() if delay is None]
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per phase and round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    served = runpy.run_path(str(GUNICORN_CONFIG))
    load_before = os.getloadavg()[0]
    drop_database = None
    with tempfile.TemporaryDirectory(prefix="reads-bench-") as tmp:
        redis_process, redis_port = bench.start_redis(Path(tmp))
        web = None
        try:
            url = os.environ.get("BENCH_DATABASE_URL")
            if url:
                url, drop_database = temporary_database(url)
            port = bench.free_port()
            env = {"APP_ENV": "development", "SECRET_KEY": "bench-secret-key-not-for-production",
                   "DATABASE_URL": url or f"sqlite:///{tmp}/bench.sqlite3", "INSTANCE_PATH": tmp,
                   "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0", "PORT": str(port)}
            paths = prepare(env)
            web = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG),
                                    "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "app:create_app()"],
                                   cwd=ROOT, env={**os.environ, **env})
            import requests

            base = f"http://127.0.0.1:{port}"
            bench.wait_until(lambda: requests.get(f"{base}/api/v1/ping", timeout=1).ok, 30, "gunicorn")
            list_bytes = len(requests.get(f"{base}{paths['list'][0]}", timeout=5).content)
            gc.collect()
            gc.freeze()
            gc.disable()
            phases = {"ping": ["/api/v1/ping"], **{k: v for k, v in paths.items() if k != "ids"}}
            for name, phase_paths in phases.items():  # warm up: every path once, then a short run
                drive(port, args.connections, args.threads, 1.0, phase_paths, Path(tmp))
            runs: dict[str, list] = {name: [] for name in phases}
            for round_number in range(args.rounds):
                for name, phase_paths in phases.items():
                    runs[name].append(drive(port, args.connections, args.threads, args.duration, phase_paths, Path(tmp)))
                print(f"round {round_number + 1}: " + ", ".join(
                    f"{name} {runs[name][-1]['requests'] / runs[name][-1]['seconds']:.0f}/s" for name in phases),
                      flush=True)
            gc.enable()
            figures = {name: combine(r) for name, r in runs.items()}
            problems = check_changes(base, env, paths["ids"])
        finally:
            gc.enable()
            if web is not None:
                web.terminate()
                web.wait(timeout=30)
            redis_process.terminate()
            redis_process.wait(timeout=30)
            if drop_database is not None:
                drop_database()  # WITH (FORCE): this process's own connections close with it
    ping = figures["ping"]
    database = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
    print(f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before the run · wrk {args.threads} threads · "
          f"gunicorn {served['workers']} {served['worker_class']} workers · {args.connections} connections · "
          f"{args.rounds} rounds × {args.duration:g} s per phase · database {database}")
    print("| path | req/s | ÷ ping | p50 | p99 | body bytes |")
    print("|---|---|---|---|---|---|")
    labels = {"ping": "`GET /api/v1/ping`", "campaign": "`GET /api/v1/campaigns/current`",
              "list": "`GET /api/v1/nominees?sort=likes&per_page=20` (pages 1–3)",
              "nominee": "`GET /api/v1/nominees/{id}` (20 finalists)", "leaderboard": "`GET /api/v1/leaderboard?limit=10`"}
    for name, f in figures.items():
        print(f"| {labels[name]} | {f['per_second']:,.0f} | {f['per_second'] / ping['per_second']:.2f} | "
              f"{f['p50']:.1f} ms | {f['p99']:.1f} ms | {f['bytes']:,.0f} |")
        if set(f["statuses"]) != {200}:
            problems.append(f"{name}: answers {f['statuses']}")
        if name != "ping" and (f["per_second"] < 0.5 * ping["per_second"] or f["p99"] > 2 * ping["p99"]):
            problems.append(f"{name}: {f['per_second'] / ping['per_second']:.2f}× ping, p99 {f['p99']:.1f} ms "
                            f"(targets ≥ 0.5×, ≤ {2 * ping['p99']:.1f} ms)")
    print(f"a list page of 20 cards: {list_bytes:,} bytes (target < {LIST_LIMIT_BYTES:,})")
    if list_bytes >= LIST_LIMIT_BYTES:
        problems.append("the list page is too large")
    print("OK" if not problems else "FAILED: " + "; ".join(problems))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
