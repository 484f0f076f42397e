"""The like ledger in the database: idempotent inserts from the stream, and the counts it rebuilds.

Redis counts are a cache of this ledger: `verify` compares them, `rebuild` puts Redis back from it
(voided likes excluded from counts, but still counted against the day's limits of their users).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import Campaign, LikeRecord, User
from app.models.base import as_utc, utcnow
from app.redis_store import get_redis
from app.services.like_counts import board_key
from app.services.like_state import (DAY_KEY_SECONDS, STREAM_KEY, CampaignRef, held_ids, held_key, likeable_ids, moment,
                                     sync_campaign, user_day_key)
from zoneinfo import ZoneInfo


def dialect_insert(model):
    """INSERT with ON CONFLICT for the database in use (PostgreSQL in production, SQLite by default)."""
    return (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert(model)


def store_likes(entries: list[tuple[str, dict]]) -> int:
    """Insert like entries of the stream; an entry already in the ledger (a replay) is skipped."""
    if not entries:
        return 0
    user_ids = {int(fields["u"]) for _, fields in entries}
    created = dict(db.session.execute(sa.select(User.id, User.created_at).where(User.id.in_(user_ids))).all())
    rows = []
    for entry_id, fields in entries:
        liked_at = datetime.fromtimestamp(int(fields["at"]) / 1000, timezone.utc)
        account_created = as_utc(created.get(int(fields["u"])))
        rows.append({
            "campaign_id": int(fields["c"]), "nomination_id": int(fields["n"]), "user_id": int(fields["u"]),
            "day": date.fromisoformat(fields["d"]), "seq": int(fields["s"]), "ip": fields["ip"][:45],
            "liked_at": liked_at, "stream_id": entry_id, "recorded_at": utcnow(),
            "account_age_seconds": int((liked_at - account_created).total_seconds()) if account_created else None,
        })
    stmt = dialect_insert(LikeRecord).on_conflict_do_nothing(index_elements=["user_id", "nomination_id", "day", "seq"])
    db.session.execute(stmt, rows)
    return len(rows)


def ledger_counts(campaign_id: int) -> dict[int, int]:
    """Likes per nominee that count: every ledger row not voided."""
    return dict(db.session.execute(
        sa.select(LikeRecord.nomination_id, sa.func.count(LikeRecord.id))
        .where(LikeRecord.campaign_id == campaign_id, LikeRecord.void_id.is_(None))
        .group_by(LikeRecord.nomination_id)).all())


def redis_counts(campaign_id: int) -> dict[int, int]:
    return {int(member): int(score) for member, score in
            get_redis().zrange(board_key(campaign_id), 0, -1, withscores=True)}


def verify(campaign: Campaign) -> dict:
    """Compare the Redis counts with the ledger; run after draining, or undrained likes show as differences."""
    in_redis, in_ledger = redis_counts(campaign.id), ledger_counts(campaign.id)
    differences = [{"nomination_id": nid, "redis": in_redis.get(nid, 0), "ledger": in_ledger.get(nid, 0)}
                   for nid in sorted(set(in_redis) | set(in_ledger)) if in_redis.get(nid, 0) != in_ledger.get(nid, 0)]
    return {"differences": differences, "nominees": len(set(in_redis) | set(in_ledger)),
            "likes_redis": sum(in_redis.values()), "likes_ledger": sum(in_ledger.values()),
            "stream_backlog": get_redis().xlen(STREAM_KEY)}


def rebuild(campaign: Campaign, now: datetime | None = None) -> dict:
    """Put Redis back from the database: counts, today's per-user limits, likeable and held nominees.

    Run it when Redis lost data; likes accepted while it runs may be missed by the counts (check with verify).
    """
    from app.services.like_stream import drain_all  # the stream module imports this one

    drain_all()
    counts = ledger_counts(campaign.id)
    at = moment(CampaignRef(campaign.id, ZoneInfo(campaign.timezone)), now)
    today_rows = db.session.execute(
        sa.select(LikeRecord.user_id, LikeRecord.nomination_id, sa.func.count(LikeRecord.id))
        .where(LikeRecord.campaign_id == campaign.id, LikeRecord.day == at.day)
        .group_by(LikeRecord.user_id, LikeRecord.nomination_id)).all()
    per_user: dict[int, dict[str, int]] = defaultdict(dict)
    for user_id, nomination_id, likes in today_rows:
        per_user[user_id][str(nomination_id)] = likes
        per_user[user_id]["_total"] = per_user[user_id].get("_total", 0) + likes
    likeable = likeable_ids(campaign.id)
    pipe = get_redis().pipeline(transaction=True)
    pipe.delete(board_key(campaign.id), held_key(campaign.id))
    scores = {str(nid): 0 for nid in likeable} | {str(nid): n for nid, n in counts.items()}
    if scores:
        pipe.zadd(board_key(campaign.id), scores)
    if held := held_ids(campaign.id):
        pipe.sadd(held_key(campaign.id), *held)
    for user_id, fields in per_user.items():
        key = user_day_key(campaign.id, at.day, user_id)
        pipe.delete(key)
        pipe.hset(key, mapping=fields)
        pipe.expire(key, DAY_KEY_SECONDS)
    pipe.execute()
    sync_campaign(campaign)
    return {"nominees": len(scores), "likes": sum(counts.values()), "users_today": len(per_user)}
