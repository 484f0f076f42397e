"""Redis counts checked against the ledger, and put back from it after a loss.

`verify` compares them, `rebuild` puts Redis back from the ledger (voided likes excluded from counts,
but still counted against the day's limits of their users).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, LikeRecord
from app.redis_store import get_redis
from app.services.likes.counts import board_key
from app.services.likes.ledger import ledger_counts
from app.services.likes.state import (DAY_KEY_SECONDS, STREAM_KEY, CampaignRef, held_ids, held_key, likeable_ids,
                                      moment, sync_campaign, user_day_key)
from app.services.likes.stream import drain_all


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
