"""Cached public answers in Redis: lookup, rebuild under a lock, and the per-campaign version.

An entry is a hash `public:entry:{hash of path and query}` holding the finished JSON body, its ETag,
the campaign and version it was built for, the end of its local day (`hard`, ms) and, for answers
that show likes, the moment its counts are older than LIKES_MAX_AGE_SECONDS (`soft`, ms).
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl, urlencode
from zoneinfo import ZoneInfo

import redis
from flask import current_app

from app.models import Campaign
from app.redis_store import HotScript, get_redis
from app.services.campaigns import stages

# Like counts in cached lists, pages and the leaderboard are at most this old when served.
LIKES_MAX_AGE_SECONDS = 2
ENTRY_TTL_SECONDS = 600  # an answer nobody asks for goes (searches with many words stay bounded)
LOCK_MS = 5000  # a rebuild takes milliseconds; a crashed one frees the lock after this
WAIT_SECONDS = 1.0  # how long a request waits for another's rebuild before building itself
POINTER_KEY = "public:current"  # the current campaign's id, set at every rebuild
POINTER_TTL_SECONDS = 60
LOOKUP = Path(__file__).with_name("lookup.lua").read_text()
RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


def version_key(campaign_id: int) -> str:
    return f"public:version:{campaign_id}"


def bump(campaign_id: int) -> None:
    """Make every cached public answer of `campaign_id` stale: the next read rebuilds it.

    Called after every commit a reader could see (changes.py calls it for the session's changes: a
    stage switch, a campaign setting, a public nominee's status, profile, story or photos, a like hold
    or void). Call it yourself after a change the database does not see (none today)."""
    get_redis().incr(version_key(campaign_id))


def entry_key(path: str, query_string: str) -> str:
    """The cache key of a GET: its path and its query arguments in a canonical order (raw, as sent)."""
    canonical = path + "?" + urlencode(sorted(parse_qsl(query_string, keep_blank_values=True)))
    return "public:entry:" + hashlib.sha1(canonical.encode("utf-8", "surrogateescape")).hexdigest()


def lock_key(key: str) -> str:
    return key.replace("public:entry:", "public:lock:", 1)


@dataclass(frozen=True)
class Built:
    """A rebuilt answer. `shows_likes`: its counts age (rebuilt after LIKES_MAX_AGE_SECONDS). `live_count`:
    (sorted set, member) whose count replaces LIVE_MARKER (its last occurrence) in `body` at every read."""
    body: bytes
    shows_likes: bool
    live_count: tuple[str, str] | None = None


LIVE_MARKER = b"-987654321"


@dataclass(frozen=True)
class Answer:
    etag: str  # quoted, as the ETag header carries it
    body: bytes


class Reader:
    """The lookup of the hot path: one EVALSHA, no Flask, no database (app/api/public_reads.py)."""

    def __init__(self, client: redis.Redis):
        self.script = HotScript(client, LOOKUP)

    def peek(self, key: str, now_ms: int | None = None) -> Answer | None:
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        reply = self.script([key, POINTER_KEY, lock_key(key)], [now_ms, "peek", "", LOCK_MS])
        return Answer(reply[1].decode(), reply[2]) if reply[0] == b"hit" else None


def _reader() -> Reader:
    reader = current_app.extensions.get("public_cache_reader")
    if reader is None:
        reader = current_app.extensions["public_cache_reader"] = Reader(get_redis())
    return reader


def _day_end_ms(campaign: Campaign, now: datetime) -> int:
    """The next local midnight, when a stage may switch by date and `today` changes."""
    zone = ZoneInfo(campaign.timezone)
    local = now.astimezone(zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return int(midnight.timestamp() * 1000)


def fetch(key: str, build: Callable[[Campaign], Built]) -> Answer:
    """The cached answer of `key`, rebuilt with `build(campaign) -> Built` when due.

    One request rebuilds (it holds a Redis lock); the others serve the previous answer when only its
    like counts aged, or wait up to WAIT_SECONDS for the new one after a change (then serve the
    previous one if there is one, else build themselves). DomainErrors of `build` pass through."""
    token = secrets.token_hex(8)
    script = _reader().script
    try:
        state, etag, body = (script([key, POINTER_KEY, lock_key(key)],
                                    [int(time.time() * 1000), "claim", token, LOCK_MS]) + [None, None])[:3]
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        return _uncached(build, exc)
    if state == b"hit":
        return Answer(etag.decode(), body)
    if state == b"wait":
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)  # a greenlet's sleep under gevent
            found = _reader().peek(key)
            if found is not None:
                return found
        if body is not None:
            return Answer(etag.decode(), body)
    try:
        return _build(key, build)
    finally:
        if state == b"build":
            get_redis().eval(RELEASE, 1, lock_key(key), token)


def _uncached(build: Callable[[Campaign], Built], error: Exception) -> Answer:
    """Redis is away: an answer built from the database alone, not stored. One that shows a live like
    count needs Redis for it and is refused with the error (503)."""
    campaign = stages.current_campaign()
    built = build(campaign)
    if built.live_count:
        raise error
    return Answer('"' + hashlib.sha1(built.body).hexdigest()[:20] + '"', built.body)


def _build(key: str, build: Callable[[Campaign], Built]) -> Answer:
    campaign = stages.current_campaign()
    client = get_redis()
    # Read before the data: a change committed meanwhile bumps past it, so this entry is stale at once.
    version = int(client.get(version_key(campaign.id)) or 0)
    now = datetime.now(timezone.utc)
    built = build(campaign)
    etag = '"' + hashlib.sha1(built.body).hexdigest()[:20] + '"'
    hard = _day_end_ms(campaign, now)
    soft = min(hard, int(now.timestamp() * 1000) + LIKES_MAX_AGE_SECONDS * 1000) if built.shows_likes else hard
    entry = {"cid": campaign.id, "ver": version, "hard": hard, "soft": soft, "etag": etag, "body": built.body}
    if built.live_count:
        head, _, tail = built.body.rpartition(LIVE_MARKER)
        entry.update(body=head, tail=tail, board=built.live_count[0], member=built.live_count[1])
    pipe = client.pipeline(transaction=True)
    pipe.delete(key)  # an entry may lose its halves (not today, but a hash keeps old fields)
    pipe.hset(key, mapping=entry)
    pipe.expire(key, ENTRY_TTL_SECONDS)
    pipe.set(POINTER_KEY, campaign.id, ex=POINTER_TTL_SECONDS)
    if built.live_count:
        pipe.zscore(*built.live_count)
    replies = pipe.execute()
    if built.live_count:
        likes = str(int(replies[-1] or 0))
        return Answer(etag[:-1] + "-" + likes + '"', entry["body"] + likes.encode() + tail)
    return Answer(etag, built.body)
