"""Hosts on one machine: a network namespace per host, each joined by a veth pair to one bridge (iproute2).

The test process stays in the machine's own namespace and reaches every host through the bridge's address
(as a load balancer or an operator's shell would); the hosts reach each other through the bridge. Processes
started on a host are their own process groups, so killing a host kills everything it runs.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

IP = shutil.which("ip") or "/usr/sbin/ip"


def _ip(*args: str) -> None:
    subprocess.run([IP, *args], check=True, capture_output=True, text=True)


def unavailable_reason() -> str | None:
    """Why namespaces cannot be made here (not root, no iproute2, refused by the kernel), or None."""
    if os.geteuid() != 0:
        return "network namespaces need root (CI runs as root)"
    if not os.path.exists(IP):
        return "needs iproute2 (apt-get install iproute2)"
    probe = f"gcprobe{uuid.uuid4().hex[:6]}"
    try:
        _ip("netns", "add", probe)
    except subprocess.CalledProcessError as exc:
        return f"this machine refuses network namespaces: {exc.stderr.strip()}"
    _ip("netns", "del", probe)
    return None


@dataclass
class Host:
    name: str
    namespace: str
    address: str
    processes: list = field(default_factory=list)

    def start(self, argv: list[str], *, env: dict, log: Path, user: str | None = None,
              cwd: str | None = None) -> subprocess.Popen:
        prefix = [IP, "netns", "exec", self.namespace]
        if user:
            prefix += ["runuser", "-u", user, "--"]
        handle = open(log, "ab")
        process = subprocess.Popen(prefix + argv, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        handle.close()
        self.processes.append(process)
        return process

    def run(self, argv: list[str], *, env: dict, cwd: str | None = None, timeout: float = 120) -> str:
        done = subprocess.run([IP, "netns", "exec", self.namespace, *argv], env=env, cwd=cwd, capture_output=True,
                              text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"{self.name}: {' '.join(argv[:4])}… failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def kill(self, process: subprocess.Popen | None = None, sig: int = signal.SIGKILL) -> None:
        """Kill one process group started here, or all of them (the host goes down)."""
        for each in [process] if process else list(self.processes):
            try:
                os.killpg(each.pid, sig)
            except ProcessLookupError:
                pass
            try:
                each.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(each.pid, signal.SIGKILL)
                each.wait(timeout=20)
            if each in self.processes:
                self.processes.remove(each)


class Network:
    """A /24 of hosts on a bridge; `gateway` is the test process's own address on it."""

    def __init__(self) -> None:
        self.tag = uuid.uuid4().hex[:4]
        self.prefix = f"10.231.{int(self.tag, 16) % 250 + 1}"
        self.bridge = f"gc{self.tag}br"
        self.gateway = f"{self.prefix}.254"
        self.hosts: list[Host] = []
        _ip("link", "add", self.bridge, "type", "bridge")
        _ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        _ip("link", "set", self.bridge, "up")

    def add_host(self, name: str) -> Host:
        number = len(self.hosts) + 1
        namespace, inside, outside = f"gc{self.tag}-{name}", f"gc{self.tag}v{number}", f"gc{self.tag}p{number}"
        _ip("netns", "add", namespace)
        _ip("link", "add", inside, "type", "veth", "peer", "name", outside)
        _ip("link", "set", outside, "master", self.bridge, "up")
        _ip("link", "set", inside, "netns", namespace)
        address = f"{self.prefix}.{number}"
        _ip("-n", namespace, "addr", "add", f"{address}/24", "dev", inside)
        _ip("-n", namespace, "link", "set", inside, "up")
        _ip("-n", namespace, "link", "set", "lo", "up")
        host = Host(name, namespace, address)
        self.hosts.append(host)
        return host

    def close(self) -> None:
        for host in reversed(self.hosts):
            host.kill()  # the hosts are thrown away: no graceful stop to wait for
            subprocess.run([IP, "netns", "del", host.namespace], capture_output=True)
        subprocess.run([IP, "link", "del", self.bridge], capture_output=True)


def wait_until(check, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as exc:  # noqa: BLE001 - not up yet: keep trying until the deadline
            last = exc
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up in {seconds:g} s (last error: {last!r})")
