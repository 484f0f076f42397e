"""The deployment of the multi-host test: a data host (PostgreSQL, Redis with AOF), a WeChat host (the emulator),
web hosts (gunicorn with the production configuration) and a worker host, each a network namespace.

PostgreSQL and Redis here are the test's own servers (own data directories, own addresses on the bridge),
never the machine's shared ones.
"""
from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import redis
import requests

from tests.faults.processes import PG_BIN, Postgres
from tests.multihost.network import IP, Host, Network, wait_until

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
MINI = ("wxmultihostmini01", "multihost-mini-secret")
MP = ("wxmultihostmp0001", "multihost-mp-secret")


def missing_software() -> str | None:
    if PG_BIN is None or not (PG_BIN / "initdb").exists():
        return "needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin)"
    if not os.path.exists(REDIS_SERVER):
        return "needs redis-server"
    if shutil.which("runuser") is None:
        return "needs runuser (util-linux) to run PostgreSQL as the postgres user"
    return None


class Deployment:
    def __init__(self, network: Network):
        self.network = network
        # Readable by the postgres user (pytest's own temporary folders are private to root).
        self.root = Path(tempfile.mkdtemp(prefix="gc-multihost-", dir="/tmp"))
        os.chmod(self.root, 0o755)
        self.data = network.add_host("data")
        self.wechat = network.add_host("wechat")
        self.web = [network.add_host("web1"), network.add_host("web2")]
        self.worker = network.add_host("worker")
        self.web_processes: dict[str, subprocess.Popen] = {}
        self.database_url = f"postgresql://postgres@{self.data.address}:5432/gangcheng"
        self.postgres: Postgres | None = None
        self.redis_url = f"redis://{self.data.address}:6379/0"
        self.secret_key = secrets.token_urlsafe(48)

    def log(self, name: str) -> Path:
        return self.root / f"{name}.log"

    # --- the data host ----------------------------------------------------------------------------

    def start_data(self) -> None:
        self.postgres = Postgres(host=self.data.address, port=5432, user="postgres", allow=f"{self.network.prefix}.0/24",
                                 inside=[IP, "netns", "exec", self.data.namespace])
        self.postgres.start(max_connections=300)
        redis_dir = self.root / "redis"
        redis_dir.mkdir()
        self.data.start([REDIS_SERVER, "--bind", self.data.address, "--port", "6379", "--protected-mode", "no",
                         "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--dir", str(redis_dir)],
                        env=dict(os.environ), log=self.log("redis"))
        wait_until(lambda: redis.Redis.from_url(self.redis_url, socket_timeout=2).ping(), 30, "Redis on the data host")

    # --- WeChat, web, worker ----------------------------------------------------------------------

    def production_env(self, host: Host) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "WECHAT_EMULATOR_URL")}
        uploads = self.root / f"uploads-{host.name}"
        uploads.mkdir(exist_ok=True)
        env.update({
            "APP_ENV": "production", "SECRET_KEY": self.secret_key, "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url, "PUBLIC_BASE_URL": "https://gangcheng.test", "TRUSTED_PROXIES": "1",
            "WECHAT_MINI_APPID": MINI[0], "WECHAT_MINI_SECRET": MINI[1], "WECHAT_MP_APPID": MP[0],
            "WECHAT_MP_SECRET": MP[1], "WECHAT_MP_TOKEN": "multihost-token", "WECHAT_EMULATOR": "0",
            "WECHAT_API_URL": f"http://{self.wechat.address}:8000", "UPLOAD_DIR": str(uploads),
            "INSTANCE_PATH": str(self.root / f"instance-{host.name}"), "WEB_WORKERS": "2", "PYTHONPATH": str(ROOT),
        })
        return env

    def start_wechat(self) -> None:
        env = {**os.environ, "EMULATOR_REDIS_URL": f"redis://{self.data.address}:6379/3",
               "WECHAT_MINI_APPID": MINI[0], "WECHAT_MINI_SECRET": MINI[1], "WECHAT_MP_APPID": MP[0],
               "WECHAT_MP_SECRET": MP[1]}
        self.wechat.start([sys.executable, "-m", "gunicorn", "--bind", f"{self.wechat.address}:8000", "--workers", "2",
                           "--worker-class", "gthread", "--threads", "8", "app.wechat.emulator_host:create_app()"],
                          env=env, log=self.log("wechat"), cwd=str(ROOT))
        url = f"http://{self.wechat.address}:8000/cgi-bin/token?grant_type=client_credential&appid={MINI[0]}&secret={MINI[1]}"
        wait_until(lambda: "access_token" in requests.get(url, timeout=2).json(), 60, "the WeChat host")

    def flask(self, host: Host, *args: str, env: dict | None = None) -> str:
        return host.run([sys.executable, "-m", "flask", "--app", "app", *args], env=env or self.production_env(host),
                        cwd=str(ROOT), timeout=300)

    def start_web(self, *hosts: Host) -> None:
        for host in hosts:
            self.web_processes[host.name] = host.start([sys.executable, "-m", "gunicorn", "--config",
                                                        str(ROOT / "app" / "gunicorn_conf.py"),
                                                        "--bind", f"{host.address}:8000", "app:create_app()"],
                                                       env=self.production_env(host), log=self.log(host.name),
                                                       cwd=str(ROOT))
        for host in hosts:
            wait_until(lambda: requests.get(self.base(host) + "/api/v1/ping", timeout=2).ok, 60,
                       f"gunicorn on {host.name}")

    def kill_web(self, host: Host) -> None:
        self.web[self.web.index(host)].kill(self.web_processes.pop(host.name))

    def start_worker(self) -> None:
        self.worker.start([sys.executable, "-m", "flask", "--app", "app", "worker"],
                          env=self.production_env(self.worker), log=self.log("worker"), cwd=str(ROOT))

    @staticmethod
    def base(host: Host) -> str:
        return f"http://{host.address}:8000"

    def close(self, keep_logs_to: Path | None = None) -> None:
        if self.postgres is not None:
            self.postgres.destroy()
        self.network.close()
        if keep_logs_to is not None:
            for log in self.root.glob("*.log"):
                shutil.copy(log, keep_logs_to / log.name)
        shutil.rmtree(self.root, ignore_errors=True)
