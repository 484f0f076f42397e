"""Reading like counts and the leaderboard from Redis (written atomically by the like script).

Counts shown to people always come from here, never from SQL counts; the ledger in the database
can rebuild them.
"""
from __future__ import annotations

from app.redis_store import get_redis


def board_key(campaign_id: int) -> str:
    """The sorted set nomination id → likes of one campaign."""
    return f"likes:board:{campaign_id}"


def like_counts(campaign_id: int, nomination_ids: list[int]) -> dict[int, int]:
    if not nomination_ids:
        return {}
    scores = get_redis().zmscore(board_key(campaign_id), [str(i) for i in nomination_ids])
    return {nid: int(score or 0) for nid, score in zip(nomination_ids, scores)}


def ranked_nomination_ids(campaign_id: int, offset: int = 0, limit: int = 20) -> list[tuple[int, int]]:
    """(nomination id, likes) pairs, most liked first."""
    rows = get_redis().zrevrange(board_key(campaign_id), offset, offset + limit - 1, withscores=True)
    return [(int(member), int(score)) for member, score in rows]
