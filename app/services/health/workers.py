"""Worker heartbeats: each worker writes the time into one Redis hash every WORKER_HEARTBEAT_SECONDS.

A worker killed without a chance to say so simply stops beating; one silent longer than
WORKER_DEAD_SECONDS is taken for dead. Entries silent for a day are forgotten when read.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app

from app.redis_store import get_redis

HEARTBEATS_KEY = "health:worker_heartbeats"
FORGET_AFTER_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Heartbeat:
    worker: str
    last_seen: float  # Unix time
    age_seconds: float
    alive: bool


def beat(worker: str, now: float | None = None) -> None:
    get_redis().hset(HEARTBEATS_KEY, worker, repr(time.time() if now is None else now))


def forget(worker: str) -> None:
    get_redis().hdel(HEARTBEATS_KEY, worker)


def heartbeats(now: float | None = None) -> list[Heartbeat]:
    """Every worker seen within the last day, the most recently seen first."""
    now = time.time() if now is None else now
    dead_after = current_app.config["WORKER_DEAD_SECONDS"]
    seen, stale = [], []
    for name, value in get_redis().hgetall(HEARTBEATS_KEY).items():
        name = name.decode()
        try:
            last = float(value)
        except ValueError:
            stale.append(name)
            continue
        age = max(0.0, now - last)
        if age > FORGET_AFTER_SECONDS:
            stale.append(name)
            continue
        seen.append(Heartbeat(name, last, age, age <= dead_after))
    if stale:
        get_redis().hdel(HEARTBEATS_KEY, *stale)
    return sorted(seen, key=lambda h: h.age_seconds)
