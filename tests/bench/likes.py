"""Likes benchmark (run by hand, not by pytest): gunicorn + a real Redis, driven from this machine.

    python tests/bench/likes.py [--connections 32] [--rounds 3] [--duration 6] [--redis-socket tcp|unix]
                                [--generator wrk|asyncio] [--users 15000]
                                [--workers N] [--worker-class gthread|gevent|… --threads 8] [--replica]

It starts its own redis-server (AOF with appendfsync always, as production must run, its files on
this machine's disk), prepares a database (BENCH_DATABASE_URL, default a fresh SQLite file) with a
campaign in promotion, 50 finalists and many users with tokens, and serves the app under gunicorn
with app/gunicorn_conf.py, the settings `flask serve` uses. The load generator is wrk (Debian
package wrk) with likes_wrk.lua, one connection per wrk thread, or else an asyncio generator in
this file; each connection likes as its own users from their own addresses (X-Forwarded-For behind
TRUSTED_PROXIES=1). Every user tries 12 likes: 10 nominees, one repeat and one over the daily
limit, so refusals take their real path too. Ping and like phases take turns. It prints
requests/s and p50/p99 latency of GET /api/v1/ping and of likes in the same run, the CPU each
process spent per request, their ratio, then drains the stream and checks exactness: every like
sent was answered, accepted answers = Redis count = ledger rows, nobody above a limit.
Exit status 0 when the targets hold (ratio ≥ 0.5, like p99 ≤ 30 ms) and the counts are exact.

With --replica it also starts a replica of that Redis and a second web tier that waits for it after
each accepted like (LIKES_WAIT_REPLICAS=1): like phases take turns between the two tiers, and it
prints the likes/s with the wait against without, as a ratio of the same run.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import runpy
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
NOMINEES = 50
TRIES_PER_USER = 12  # 10 accepted, 1 already_liked_today, 1 daily_limit_reached


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.1)
    raise SystemExit(f"{what} did not start")


def start_redis(data_dir: Path, replica_of: int | None = None) -> tuple[subprocess.Popen, int]:
    import redis

    port = free_port()
    data_dir.mkdir(exist_ok=True)
    process = subprocess.Popen([shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port),
                                "--bind", "127.0.0.1", "--unixsocket", str(data_dir / "redis.sock"), "--dir", str(data_dir), "--appendonly", "yes",
                                "--appendfsync", os.environ.get("BENCH_APPENDFSYNC", "always"), "--save", "", "--loglevel", "warning",
                                "--logfile", str(data_dir / "redis.log"),
                                *(["--replicaof", "127.0.0.1", str(replica_of)] if replica_of else [])])
    wait_until(lambda: redis.Redis(port=port).ping(), 20, "redis-server")
    if replica_of:
        wait_until(lambda: redis.Redis(port=port).info("replication")["master_link_status"] == "up", 20, "the replica")
    return process, port


def prepare(env: dict, users: int) -> tuple[list[int], list[tuple[int, str]]]:
    """Schema, campaign in promotion, finalists, users with tokens; risk ranks already checked today."""
    os.environ.update(env)
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import Nomination, NominationChannel, User
    from app.services.accounts.auth import issue_token
    from app.services.campaigns import stages
    from app.services.campaigns.creation import create_campaign
    from app.services.likes.fraud import risk_key
    from app.services.likes.state import current_ref, moment, sync_campaign

    app = create_app()
    with app.app_context():
        upgrade()
        campaign = create_campaign(2019, "寻找“身边的港城工匠”选树活动（压测）")
        # A city-wide rush on 50 finalists is not brushing: the per-nominee hold is set above the test's rate.
        campaign.like_velocity_hold_per_minute = 10_000_000
        db.session.flush()
        stages.set_override(campaign, "promotion", actor_label="bench")
        filer = User(openid="bench-filer", roles=[])
        db.session.add(filer)
        db.session.flush()
        db.session.add_all(Nomination(campaign_id=campaign.id, channel=NominationChannel.union, status="finalist",
                                      submitted_by_id=filer.id, name=f"入围者{i:02d}", employer_name="连云港港口集团",
                                      trade="港口机械维修") for i in range(NOMINEES))
        db.session.execute(sa.insert(User), [{"openid": f"bench-{i}", "roles": []} for i in range(users)])
        db.session.commit()
        sync_campaign(campaign)
        nominee_ids = list(db.session.scalars(sa.select(Nomination.id).order_by(Nomination.id)))
        people = list(db.session.scalars(sa.select(User).where(User.openid.like("bench-%"), User.id != filer.id)))
        at = moment(current_ref())
        pipe = app.extensions["redis"].pipeline(transaction=False)
        for person in people:
            pipe.set(risk_key(at.day, person.id), 0, ex=3600)
        pipe.execute()
        return nominee_ids, [(person.id, issue_token(person)) for person in people]


def like_requests(nominee_ids: list[int], user: tuple[int, str]):
    """(path, token, address) of one user's 12 tries."""
    user_id, token = user
    first = (user_id * 7) % NOMINEES
    picks = [nominee_ids[(first + k) % NOMINEES] for k in range(10)]
    picks += [picks[0], nominee_ids[(first + 10) % NOMINEES]]  # a repeat, then an eleventh nominee
    address = f"198.18.{user_id // 250 % 256}.{user_id % 250 + 1}"  # RFC 2544 benchmark addresses
    for nominee_id in picks:
        yield f"/api/v1/nominees/{nominee_id}/like", token, address


def raw_like(host: str, path: str, token: str, address: str) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"X-Forwarded-For: {address}\r\nContent-Length: 0\r\n\r\n").encode()


async def drive(port: int, connections: int, duration: float, plans) -> dict:
    """Keep `connections` keep-alive connections busy for `duration` s; the last answers are awaited."""
    latencies: list[int] = []
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + duration
    plans = [iter(plan) for plan in plans]

    async def connection(plan):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for request in plan:
                if time.monotonic() >= deadline:
                    break
                started = time.perf_counter_ns()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                lower = head.lower()
                length = int(lower.split(b"content-length:")[1].split(b"\r\n")[0])
                await reader.readexactly(length)
                latencies.append(time.perf_counter_ns() - started)
                status = int(head[9:12])
                statuses[status] = statuses.get(status, 0) + 1
                if b"connection: close" in lower:  # a server without keep-alive: connect again
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
        finally:
            writer.close()

    started = time.monotonic()
    await asyncio.gather(*(connection(plan) for plan in plans))
    return {"elapsed": time.monotonic() - started, "latencies": latencies, "statuses": statuses}


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) used so far by these processes, from /proc."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def context_switches(pids: list[int]) -> int:
    """Voluntary + involuntary context switches of these processes' threads so far."""
    total = 0
    for pid in pids:
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                for line in (task / "status").read_text().splitlines():
                    if line.endswith("ctxt_switches:") or "ctxt_switches:" in line:
                        total += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return total


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                pass
    return found


def generator_cpu_seconds(generator: str) -> float:
    """CPU of the load generator: the finished wrk runs this process waited for, or this process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN if generator == "wrk" else resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measured(groups: dict[str, list[int]], generator: str, run) -> dict:
    """Run `run()` and add the CPU each group of processes (and the generator) spent on it."""
    before = {name: cpu_seconds(pids) for name, pids in groups.items()}
    before_generator = generator_cpu_seconds(generator)
    switches = context_switches(groups["web"])
    result = run()
    result["cpu"] = {name: cpu_seconds(pids) - before[name] for name, pids in groups.items()}
    result["cpu"]["generator"] = generator_cpu_seconds(generator) - before_generator
    result["switches"] = context_switches(groups["web"]) - switches
    return result


def summary(runs: list[dict]) -> dict:
    latencies = sorted(x for run in runs for x in run["latencies"])
    statuses: dict[int, int] = {}
    for run in runs:
        for status, count in run["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    elapsed = sum(run["elapsed"] for run in runs)
    cpu = {name: sum(run["cpu"][name] for run in runs) / max(1, len(latencies)) * 1e6 for name in runs[0]["cpu"]}
    cpu["web context switches"] = sum(run["switches"] for run in runs) / max(1, len(latencies)) / 1e6
    return {"requests": len(latencies), "per_second": len(latencies) / elapsed, "statuses": statuses,
            "elapsed": elapsed, "cpu_us": cpu, "p50_ms": latencies[len(latencies) // 2] / 1e6,
            "p99_ms": latencies[int(len(latencies) * 0.99)] / 1e6}


def ping_plan(host: str):
    request = f"GET /api/v1/ping HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    while True:
        yield request


def like_plan(nominee_ids, users, host):
    for user in users:
        for path, token, address in like_requests(nominee_ids, user):
            yield raw_like(host, path, token, address)


WRK_SCRIPT = Path(__file__).with_name("likes_wrk.lua")
GUNICORN_CONFIG = ROOT / "app" / "gunicorn_conf.py"


def drive_wrk(port: int, connections: int, duration: float, mode: str, plans: list[list[bytes]] | None,
              workdir: Path) -> dict:
    """One wrk run, a connection per wrk thread; likes_wrk.lua takes the latencies.

    In a like phase the likes stop after `duration` and each connection sends pings for two more
    seconds, so no like is in flight when wrk stops: every like sent is answered and counted.
    """
    env = {**os.environ, "LIKES_BENCH_MODE": mode, "LIKES_BENCH_OUT": str(workdir / "wrk.out"),
           "LIKES_BENCH_LIKE_SECONDS": str(duration), "LIKES_BENCH_PLANS": str(workdir / "plan")}
    if plans is not None:
        for number, plan in enumerate(plans):
            (workdir / f"plan.{number}").write_bytes(b"".join(plan))
    seconds = duration + (2 if mode == "like" else 0)
    subprocess.run(["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "10s",
                    "-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}"], env=env, check=True, stdout=subprocess.DEVNULL)
    latencies, statuses, sent, rate = [], {}, [], 0.0  # rate: the threads' own rates added up
    for line in (workdir / "wrk.out").read_text().splitlines():
        kind, *numbers = line.split()
        values = [int(x) for x in numbers]
        if kind == "latency":
            latencies.append(values[0] * 1000)
        elif kind == "status":
            statuses[values[0]] = statuses.get(values[0], 0) + values[1]
        elif kind == "thread":
            number, used, _answered, awaiting, measured, span_us = values
            sent.append((number, used, awaiting))
            rate += measured / span_us * 1e6 if span_us else 0.0
        elif kind == "errors" and any(values):
            raise SystemExit(f"wrk saw socket errors (connect, read, write, timeout): {values}")
    return {"elapsed": len(latencies) / rate if rate else duration, "latencies": latencies, "statuses": statuses,
            "plan_used": {number: used for number, used, _ in sent},
            "unanswered": sum(awaiting for _, _, awaiting in sent)}


def check_exactness(env: dict, accepted: int) -> list[str]:
    import sqlalchemy as sa

    from app import create_app
    from app.extensions import db
    from app.models import LikeRecord
    from app.services.campaigns.stages import current_campaign
    from app.services.likes.repair import redis_counts
    from app.services.likes.stream import drain_all

    problems = []
    with create_app().app_context():
        drain_all(claim_idle_ms=0)
        campaign = current_campaign()
        counted = sum(redis_counts(campaign.id).values())
        rows = db.session.scalar(sa.select(sa.func.count(LikeRecord.id)))
        per_user = db.session.execute(sa.select(sa.func.max(sa.text("n"))).select_from(
            sa.select(sa.func.count(LikeRecord.id).label("n")).group_by(LikeRecord.user_id, LikeRecord.day)
            .subquery())).scalar() or 0
        per_pair = db.session.execute(sa.select(sa.func.max(sa.text("n"))).select_from(
            sa.select(sa.func.count(LikeRecord.id).label("n"))
            .group_by(LikeRecord.user_id, LikeRecord.nomination_id, LikeRecord.day).subquery())).scalar() or 0
        print(f"exactness: accepted answers {accepted} · Redis count {counted} · ledger rows {rows} · "
              f"most likes by one user in a day {per_user} (limit {campaign.likes_per_user_per_day}) · "
              f"most by one user for one nominee {per_pair} (limit {campaign.likes_per_nominee_per_day})")
        if not accepted == counted == rows:
            problems.append("counts differ")
        if per_user > campaign.likes_per_user_per_day or per_pair > campaign.likes_per_nominee_per_day:
            problems.append("a user went above a limit")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=6.0, help="seconds per phase and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, help="override app/gunicorn_conf.py (WEB_WORKERS, 2)")
    parser.add_argument("--worker-class", help="override app/gunicorn_conf.py (gevent_pywsgi)")
    parser.add_argument("--threads", type=int, default=8, help="with --worker-class gthread")
    parser.add_argument("--redis-socket", choices=("tcp", "unix"), default="tcp",
                        help="how the app reaches Redis on this machine")
    parser.add_argument("--users", type=int, default=15000)
    parser.add_argument("--replica", action="store_true",
                        help="also run a replica and a web tier that waits for it (LIKES_WAIT_REPLICAS=1), turn about")
    parser.add_argument("--generator", choices=("wrk", "asyncio"), default="wrk" if shutil.which("wrk") else "asyncio",
                        help="wrk (Debian package wrk, with likes_wrk.lua) or the asyncio generator in this file")
    args = parser.parse_args()
    served = runpy.run_path(str(GUNICORN_CONFIG))
    load_before = os.getloadavg()[0]  # other work on the machine skews both figures

    with tempfile.TemporaryDirectory(prefix="likes-bench-") as tmp:
        redis_process, redis_port = start_redis(Path(tmp))
        replica = start_redis(Path(tmp) / "replica", replica_of=redis_port)[0] if args.replica else None
        try:
            port = free_port()
            env = {"APP_ENV": "development", "SECRET_KEY": "bench-secret-key-not-for-production",
                   "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"),
                   "REDIS_URL": (f"unix://{tmp}/redis.sock" if args.redis_socket == "unix"
                                 else f"redis://127.0.0.1:{redis_port}/0"), "TRUSTED_PROXIES": "1", "PORT": str(port)}
            web = waiting = None
            wait_port = free_port()
            try:
                nominee_ids, users = prepare(env, args.users)
                # What `flask serve` runs (app/gunicorn_conf.py), without its access log: a proxy in front logs.
                overrides = [*(["--workers", str(args.workers)] if args.workers else []),
                             *(["--worker-class", args.worker_class, "--threads", str(args.threads)]
                               if args.worker_class else [])]

                def start_web(web_port: int, extra: dict) -> subprocess.Popen:
                    return subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG),
                                             *overrides, "--bind", f"127.0.0.1:{web_port}", "--log-level", "warning",
                                             "app:create_app()"], cwd=ROOT, env={**os.environ, **env, **extra})
                web = start_web(port, {"LIKES_WAIT_REPLICAS": "0"})
                if replica:  # the same app on the same Redis, waiting for the replica after each accepted like
                    waiting = start_web(wait_port, {"LIKES_WAIT_REPLICAS": "1", "LIKES_WAIT_TIMEOUT_MS": "1000"})
                import requests

                for web_port in (port, wait_port) if replica else (port,):
                    wait_until(lambda: requests.get(f"http://127.0.0.1:{web_port}/api/v1/ping", timeout=1).ok, 120,
                               "gunicorn")
                host = f"127.0.0.1:{port}"
                n = args.connections
                # The generator's own garbage collection would show up as the server's tail latency.
                gc.collect()
                gc.freeze()
                gc.disable()
                # Ping and like phases take turns, so a change in the machine's other load hits both alike.
                groups = {"web": children(web.pid), "redis": [redis_process.pid],
                          **({"replica": [replica.pid]} if replica else {})}
                wait_groups = {**groups, "web": children(waiting.pid)} if waiting else {}
                if args.generator == "wrk":
                    # Each wrk thread goes on with its users where the last round stopped.
                    remaining = [[raw_like(host, *like) for user in users[c::n] for like in like_requests(nominee_ids, user)]
                                 for c in range(n)]
                    plan_size = 2000  # per thread and round: several times what a thread can send in a phase

                    def ping_phase(seconds=args.duration):
                        return drive_wrk(port, n, seconds, "ping", None, Path(tmp))

                    def like_phase(web_port=port):
                        result = drive_wrk(web_port, n, args.duration, "like", [plan[:plan_size] for plan in remaining],
                                           Path(tmp))
                        for number, used in result["plan_used"].items():
                            if used >= len(remaining[number][:plan_size]):
                                raise SystemExit("a wrk thread ran out of users: raise --users")
                            del remaining[number][:used]
                        return result
                else:
                    plans = [like_plan(nominee_ids, users[c::n], host) for c in range(n)]

                    def ping_phase(seconds=args.duration):
                        return asyncio.run(drive(port, n, seconds, [ping_plan(host) for _ in range(n)]))

                    def like_phase(web_port=port):
                        return asyncio.run(drive(web_port, n, args.duration, plans))
                ping_phase(2.0)  # warm up
                pings, like_runs, wait_runs = [], [], []
                for round_number in range(args.rounds):
                    pings.append(measured(groups, args.generator, ping_phase))
                    like_runs.append(measured(groups, args.generator, like_phase))
                    if waiting:
                        wait_runs.append(measured(wait_groups, args.generator, lambda: like_phase(wait_port)))
                    print(f"round {round_number + 1}: ping {len(pings[-1]['latencies']) / pings[-1]['elapsed']:.0f}/s, "
                          f"likes {len(like_runs[-1]['latencies']) / like_runs[-1]['elapsed']:.0f}/s"
                          + (f", likes with WAIT 1 {len(wait_runs[-1]['latencies']) / wait_runs[-1]['elapsed']:.0f}/s"
                             if waiting else ""), flush=True)
                ping, like = summary(pings), summary(like_runs)
                waited = summary(wait_runs) if waiting else None
            finally:
                gc.enable()
                for server in (web, waiting):
                    if server is not None:
                        server.terminate()
                        server.wait(timeout=30)
            accepted = like["statuses"].get(200, 0) + (waited["statuses"].get(200, 0) if waited else 0)
            ratio = like["per_second"] / ping["per_second"]
            print(f"machine: {os.cpu_count()} cores, load average {load_before:.1f} before the run · "
                  f"generator {args.generator} · gunicorn {args.workers or served['workers']} "
                  f"{args.worker_class or served['worker_class']} workers"
                  f"{f' × {args.threads} threads' if args.worker_class == 'gthread' else ''} · {n} connections · "
                  f"{args.rounds} rounds × {args.duration:.0f} s per phase · Redis over {args.redis_socket}, AOF appendfsync always · "
                  f"database {env['DATABASE_URL'].split(':')[0]}" + (" · with a replica (AOF, appendfsync always)"
                                                                     if replica else ""))
            print(f"ping : {ping['per_second']:8.0f} req/s   p50 {ping['p50_ms']:6.2f} ms   p99 {ping['p99_ms']:6.2f} ms")
            print(f"likes: {like['per_second']:8.0f} req/s   p50 {like['p50_ms']:6.2f} ms   p99 {like['p99_ms']:6.2f} ms"
                  f"   ({like['statuses'].get(200, 0) / like['elapsed']:.0f} accepted likes/s;"
                  f" answers {dict(sorted(like['statuses'].items()))})")
            if waited:
                print(f"likes, WAIT 1: {waited['per_second']:8.0f} req/s   p50 {waited['p50_ms']:6.2f} ms   "
                      f"p99 {waited['p99_ms']:6.2f} ms   ({waited['statuses'].get(200, 0) / waited['elapsed']:.0f} accepted likes/s;"
                      f" answers {dict(sorted(waited['statuses'].items()))})")
                print(f"ratio likes with WAIT 1 / without: {waited['per_second'] / like['per_second']:.2f}")
            for name, figures in (("ping", ping), ("likes", like), *((("likes, WAIT 1", waited),) if waited else ())):
                cpu = dict(figures["cpu_us"])
                switches = cpu.pop("web context switches") * 1e6
                print(f"CPU per {name} request: " + ", ".join(f"{k} {v:.0f} µs" for k, v in cpu.items())
                      + f"; web context switches {switches:.1f}")
            print(f"ratio likes/ping: {ratio:.2f}  (target ≥ 0.5)   like p99: {like['p99_ms']:.1f} ms  (target ≤ 30 ms)")
            problems = check_exactness(env, accepted)
            unanswered = sum(run.get("unanswered", 0) for run in like_runs)
            if unanswered:
                problems.append(f"{unanswered} likes sent were not answered before the generator stopped")
        finally:  # also when the run fails: a left-over redis-server would hold the caller's pipe open
            for server in (redis_process, replica):
                if server is not None:
                    server.terminate()
                    server.wait(timeout=30)
    if ratio < 0.5 or like["p99_ms"] > 30:
        problems.append("targets not met")
    print("OK" if not problems else "FAILED: " + "; ".join(problems))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
