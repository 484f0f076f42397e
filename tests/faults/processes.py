"""Processes a fault test owns: a PostgreSQL cluster, a redis-server, the WeChat emulator, the web app (gunicorn, as
in production) and the worker, each on a free port in a temporary folder, started, stopped and killed at will.

Never the machine's shared PostgreSQL (5432) or Redis (6379): every one of these is started here and gone after.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import requests

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PG_BINS = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
PG_BIN = Path(PG_BINS[-1]) if PG_BINS else None
SECRET = "test-secret-key-not-for-production"
MP_TEMPLATE = "emu-mp-tpl-notice"  # the official account's template the fault tests send through


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, timeout: float, what: str, interval: float = 0.1):
    """Call `check` until it returns something truthy (exceptions count as not yet); that value."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - not up yet
            last = exc
        time.sleep(interval)
    raise AssertionError(f"{what} not reached within {timeout} s (last: {last!r})")


def _stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class Postgres:
    """A cluster of its own (initdb), run as the postgres user when we are root (initdb refuses root).

    Its folder is a fresh one under the system's temporary folder: pytest's own is private to root. By default it
    listens on a free loopback port; `host` and `inside` (a command prefix, e.g. `ip netns exec NS`) put it on a
    host of the multi-host test, `allow` (a CIDR) lets that host's network connect."""

    def __init__(self, *, host: str = "127.0.0.1", port: int | None = None, inside: list[str] | None = None,
                 allow: str | None = None, user: str = "app", database: str | None = "gangcheng"):
        self.folder = Path(tempfile.mkdtemp(prefix="faults-pg-"))
        self.data = self.folder / "pgdata"
        self.host, self.port, self.inside, self.user = host, port or free_port(), inside or [], user
        self.database = database  # created at the first start (None: none, the caller makes its own)
        self.url = f"postgresql://{user}@{host}:{self.port}/{database or 'postgres'}"
        self._as_owner = os.geteuid() == 0
        if self._as_owner:
            shutil.chown(self.folder, "postgres")
        try:
            self._initdb()
            if allow:
                with open(self.data / "pg_hba.conf", "a") as hba:
                    hba.write(f"host all all {allow} trust\n")
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def _initdb(self) -> None:
        self._run(["initdb", "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8", "--no-sync",
                   "--locale", "C"])

    def _run(self, command: list[str], check: bool = True) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / command[0]), *command[1:]]
        if self._as_owner:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run([*self.inside, *command], capture_output=True, text=True, timeout=60)
        if check and done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")
        return done

    def start(self, max_connections: int = 60) -> None:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses={self.host} -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off -c max_connections={max_connections}")
        self._run(["pg_ctl", "-D", str(self.data), "-l", str(self.folder / "pg.log"), "-o", options, "-w", "start"])
        if self.database and not getattr(self, "_created", False):
            self._run(["createdb", "-h", self.host, "-p", str(self.port), "-U", self.user, self.database])
            self._created = True

    def stop(self, mode: str = "immediate") -> None:
        """immediate: as a crash (connections cut, no checkpoint); fast: a clean shutdown."""
        self._run(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"], check=False)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """redis-server on a free port, AOF with `appendfsync always` (as production must run it)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_timeout=2)
        wait_for(lambda: client.ping(), 20, "redis-server answering")

    def kill(self) -> None:
        """SIGKILL: what was acknowledged must already be in the append-only file."""
        _stop(self.process, signal.SIGKILL)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5)


class Emulator:
    """The WeChat emulator in a process of its own (tests/faults/emulator_server.py), whose answers can be
    made slow or failing through a control file."""

    def __init__(self, folder: Path, redis_url: str):
        self.control = folder / "emulator-fault.json"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.redis_url = redis_url
        self.process: subprocess.Popen | None = None
        self.healthy()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.emulator_server", str(self.port), self.redis_url, str(self.control)],
            cwd=ROOT, env=_environment({}), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: requests.get(self.url + "/sent", params={"kind": "none"}, timeout=2).ok, 60, "the emulator")

    def stop(self) -> None:
        _stop(self.process)

    def slow(self, seconds: float) -> None:
        self.control.write_text(json.dumps({"delay": seconds}))

    def failing(self) -> None:
        self.control.write_text(json.dumps({"fail": True}))

    def healthy(self) -> None:
        self.control.write_text("{}")

    def sent(self, kind: str) -> list[dict]:
        return requests.get(self.url + "/sent", params={"kind": kind}, timeout=30).json()["messages"]

    def clear(self) -> None:
        requests.delete(self.url + "/sent", timeout=10)

    def follow(self, appid: str, openid: str, unionid: str) -> None:
        answer = requests.post(self.url + "/followers", json={"appid": appid, "openid": openid, "unionid": unionid},
                               timeout=10)
        assert answer.json()["errcode"] == 0


def _environment(extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "APP_ENV", "SECRET_KEY"}}
    env.update({"PYTHONPATH": str(ROOT), **extra})
    return env


def app_environment(folder: Path, database_url: str, redis_url: str, emulator_url: str, **extra) -> dict:
    """The settings every process of the stack runs with (web, worker, and the test's own app)."""
    return {
        "APP_ENV": "test", "SECRET_KEY": SECRET, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
        "INSTANCE_PATH": str(folder / "instance"), "UPLOAD_DIR": str(folder / "uploads"),
        "WECHAT_EMULATOR": "1", "WECHAT_EMULATOR_URL": emulator_url, "WECHAT_TIMEOUT": "1.5",
        "WECHAT_MP_REPLY_SECONDS": "3", "LIKE_RISK_CHECK": "0", "ACCESS_LOG": "",
        "WECHAT_MP_TEMPLATES": json.dumps({event: {"template_id": MP_TEMPLATE, "fields": {"thing1": "title"}}
                                           for event in ("review_passed", "broadcast")}),
        **extra,
    }


class Web:
    """The web app as production serves it: gunicorn with app/gunicorn_conf.py (gevent), one worker."""

    def __init__(self, folder: Path, settings: dict):
        self.folder = folder
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.folder / "web.log", "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "app" / "gunicorn_conf.py"), "--workers", "1",
             "--bind", f"127.0.0.1:{self.port}", "app:create_app()"],
            cwd=ROOT, env=_environment({**self.settings, "PORT": str(self.port)}), stdout=log, stderr=log,
            start_new_session=True)
        wait_for(lambda: requests.get(self.url + "/api/v1/ping", timeout=2).ok, 90, "the web app")

    def stop(self) -> None:
        _stop(self.process, signal.SIGQUIT)  # gunicorn's quick shutdown: nothing here needs a graceful one

    def log(self) -> str:
        return (self.folder / "web.log").read_text(errors="replace")


class Worker:
    """`flask --app app worker`: the RQ jobs, the outbox, broadcasts and the like drain."""

    def __init__(self, folder: Path, settings: dict):
        self.folder = folder
        self.settings = settings
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        self.starts += 1
        log = open(self.folder / f"worker-{self.starts}.log", "ab")
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "worker"], cwd=ROOT,
                                        env=_environment(self.settings), stdout=log, stderr=log,
                                        start_new_session=True)

    def kill(self) -> None:
        """SIGKILL to the worker alone (as the OOM killer does): no clean-up, no rollback of its own. What it
        forked (RQ's scheduler) must stop by itself (app/tasks/__init__.py)."""
        _stop(self.process, signal.SIGKILL)

    def forked_left(self) -> list[int]:
        """Processes of the worker's session still running (its process group: it started a session)."""
        if self.process is None:
            return []
        found = subprocess.run(["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True).stdout.split()
        return [int(pid) for pid in found]

    def stop(self) -> None:
        """Everything of the worker's session, at once (the tests' clean-up)."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=10)

    def log(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.folder.glob("worker-*.log")))
