"""A Redis primary, its replica and three Sentinels on free loopback ports, owned by one test.

Every process writes into the test's own folder and listens on 127.0.0.1 only, never on the machine's
6379; `stop()` kills them all. The primary and the replica run as production must (AOF, `appendfsync always`).
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
MASTER_NAME = "gangcheng"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(check, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except (redis.ConnectionError, redis.TimeoutError, redis.exceptions.BusyLoadingError):
            value = None
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class Cluster:
    def __init__(self, root: Path, down_after_ms: int = 1000):
        self.root = root
        self.down_after_ms = down_after_ms
        self.processes: dict[str, subprocess.Popen] = {}
        self.ports: dict[str, int] = {}

    # -- processes --------------------------------------------------------------------------------
    def _start(self, name: str, args: list[str]) -> None:
        folder = self.root / name
        folder.mkdir(exist_ok=True)
        log = open(folder / "log.txt", "ab")  # noqa: SIM115 - closed with the process in stop()
        self.processes[name] = subprocess.Popen([REDIS_SERVER, *args], cwd=folder, stdout=log, stderr=log)
        log.close()  # the child keeps its own copy of the descriptor

    def start_server(self, name: str, replica_of: int | None = None) -> None:
        port = self.ports.setdefault(name, free_port())
        args = ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(self.root / name),
                "--appendonly", "yes", "--appendfsync", "always", "--save", ""]
        if replica_of:
            args += ["--replicaof", "127.0.0.1", str(replica_of)]
        (self.root / name).mkdir(exist_ok=True)
        self._start(name, args)
        wait_for(lambda: self.client(name).ping(), 20, f"{name} to answer")

    def start_sentinel(self, name: str, primary_port: int) -> None:
        port = self.ports.setdefault(name, free_port())
        folder = self.root / name
        folder.mkdir(exist_ok=True)
        config = folder / "sentinel.conf"  # Sentinel rewrites its own file: one each
        config.write_text(
            f"port {port}\nbind 127.0.0.1\ndir {folder}\n"
            f"sentinel monitor {MASTER_NAME} 127.0.0.1 {primary_port} 2\n"
            f"sentinel down-after-milliseconds {MASTER_NAME} {self.down_after_ms}\n"
            f"sentinel failover-timeout {MASTER_NAME} 10000\n"
            f"sentinel parallel-syncs {MASTER_NAME} 1\n")
        self._start(name, [str(config), "--sentinel"])
        wait_for(lambda: self.client(name).ping(), 20, f"{name} to answer")

    def start(self) -> None:
        self.start_server("primary")
        self.start_server("replica", replica_of=self.ports["primary"])
        wait_for(lambda: self.client("replica").info("replication")["master_link_status"] == "up", 20,
                 "the replica to sync")
        for index in range(3):
            self.start_sentinel(f"sentinel{index}", self.ports["primary"])
        for index in range(3):  # each Sentinel knows the replica and the two others: a failover can be agreed
            wait_for(lambda name=f"sentinel{index}": self._sees_all(name), 30,
                     f"sentinel{index} to see the replica and the other Sentinels", 0.2)

    def _sees_all(self, name: str) -> bool:
        state = self.client(name).sentinel_master(MASTER_NAME)
        return int(state["num-slaves"]) >= 1 and int(state["num-other-sentinels"]) >= 2

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        process.kill()  # SIGKILL: kill -9
        process.wait()

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name)

    # -- clients ----------------------------------------------------------------------------------
    def client(self, name: str) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.ports[name], socket_timeout=2, socket_connect_timeout=2)

    @property
    def sentinels(self) -> list[tuple[str, int]]:
        return [("127.0.0.1", self.ports[f"sentinel{i}"]) for i in range(3)]

    def primary_port_named(self) -> int:
        """The primary's port as the Sentinels name it now."""
        host, port = self.client("sentinel0").sentinel_get_master_addr_by_name(MASTER_NAME)
        return int(port)

    def name_of_port(self, port: int) -> str:
        return next(name for name, p in self.ports.items() if p == port)
