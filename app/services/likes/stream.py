"""Draining the like stream into the ledger: read, store, commit, and only then acknowledge.

A consumer group shares the stream among workers. Entries a consumer read but did not acknowledge
stay pending: the same consumer reads them again first, and entries of a consumer that died are
claimed by another after `claim_idle_ms` (XAUTOCLAIM). Inserts are idempotent, so a replay after a
crash between commit and acknowledgement adds nothing.
"""
from __future__ import annotations

import logging
import os
import socket
from collections import defaultdict
from datetime import date

import redis

from app.extensions import db
from app.redis_store import get_redis
from app.services.likes import fraud, ledger
from app.services.likes.state import STREAM_KEY

log = logging.getLogger(__name__)
GROUP = "ledger"
BATCH = 500
CLAIM_IDLE_MS = 60_000  # a consumer silent this long is taken for dead


def consumer_name(role: str = "worker") -> str:
    return f"{role}-{socket.gethostname()}-{os.getpid()}"


def _ensure_group(client: redis.Redis) -> None:
    try:
        client.xgroup_create(STREAM_KEY, GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def _decode(entries) -> list[tuple[str, dict | None]]:
    decoded = []
    for entry_id, fields in entries or []:
        entry_id = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
        decoded.append((entry_id, {k.decode(): v.decode() for k, v in fields.items()} if fields else None))
    return decoded


def read_batch(consumer: str, *, batch: int = BATCH, block_ms: int | None = None,
               claim_idle_ms: int | None = CLAIM_IDLE_MS) -> list[tuple[str, dict | None]]:
    """The next entries for `consumer`: its own pending ones first, then a dead consumer's, then new ones."""
    client = get_redis()
    for attempt in (1, 2):
        try:
            own = client.xreadgroup(GROUP, consumer, {STREAM_KEY: "0"}, count=batch)
            if own and own[0][1]:
                return _decode(own[0][1])
            if claim_idle_ms is not None:
                claimed = client.xautoclaim(STREAM_KEY, GROUP, consumer, claim_idle_ms, "0-0", count=batch)
                if claimed[1]:
                    return _decode(claimed[1])
            new = client.xreadgroup(GROUP, consumer, {STREAM_KEY: ">"}, count=batch, block=block_ms)
            return _decode(new[0][1]) if new else []
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc) or attempt == 2:
                raise
            _ensure_group(client)
    return []


def store_batch(entries: list[tuple[str, dict | None]]) -> None:
    """Write the entries' likes, holds and risk refusals, run the ledger rules, commit."""
    likes, touched = [], defaultdict(lambda: {"days": set(), "ips": set(), "nominations": set()})
    for entry_id, fields in entries:
        try:
            if fields is None:  # deleted after a commit whose acknowledgement was lost
                continue
            kind, campaign_id = fields["t"], int(fields["c"])
            if kind == "like":
                likes.append((entry_id, fields))
                seen = touched[campaign_id]
                seen["days"].add(date.fromisoformat(fields["d"]))
                seen["ips"].add(fields["ip"])
                seen["nominations"].add(int(fields["n"]))
            elif kind == "hold":
                fraud.record_hold(entry_id, campaign_id, int(fields["n"]), fields)
            elif kind == "risk":
                fraud.record_risk(campaign_id, fields)
        except (KeyError, ValueError):
            log.error("likes: malformed stream entry %s skipped: %r", entry_id, fields)
    ledger.store_likes(likes)
    for campaign_id, seen in touched.items():
        fraud.evaluate(campaign_id, seen["days"], seen["ips"], seen["nominations"])
    db.session.commit()


def acknowledge(entry_ids: list[str]) -> None:
    pipe = get_redis().pipeline(transaction=True)
    pipe.xack(STREAM_KEY, GROUP, *entry_ids)
    pipe.xdel(STREAM_KEY, *entry_ids)  # in the ledger now: the stream keeps only what is on its way
    pipe.execute()


def drain(consumer: str, *, batch: int = BATCH, block_ms: int | None = None,
          claim_idle_ms: int | None = CLAIM_IDLE_MS) -> int:
    """One batch from the stream into the ledger; returns how many entries were handled."""
    entries = read_batch(consumer, batch=batch, block_ms=block_ms, claim_idle_ms=claim_idle_ms)
    if not entries:
        return 0
    try:
        store_batch(entries)
    except Exception:
        db.session.rollback()  # the entries stay pending and are read again
        raise
    acknowledge([entry_id for entry_id, _ in entries])
    return len(entries)


def drain_all(consumer: str | None = None, *, claim_idle_ms: int | None = CLAIM_IDLE_MS,
              max_batches: int = 10_000) -> int:
    """Drain until the stream has nothing left for this consumer (used before voids, rebuilds, checks)."""
    consumer = consumer or consumer_name("sync")
    handled = 0
    for _ in range(max_batches):
        done = drain(consumer, claim_idle_ms=claim_idle_ms)
        if not done:
            break
        handled += done
    return handled


def forget_idle_consumers(idle_ms: int = 24 * 3600 * 1000) -> None:
    """Consumers with nothing pending and silent for a day are gone (web processes that drained once)."""
    client = get_redis()
    try:
        consumers = client.xinfo_consumers(STREAM_KEY, GROUP)
    except redis.ResponseError:
        return
    for info in consumers:
        if info["pending"] == 0 and info["idle"] > idle_ms:
            client.xgroup_delconsumer(STREAM_KEY, GROUP, info["name"])
