"""The like ranking (点赞排行): every public nominee on the campaign's board, most liked first.

Equal counts share a place and the next place skips (standard competition ranking: 1, 1, 3 …), so a
page of the ranking names the same places as the whole of it. Counts come from Redis (counts.py);
the board holds only nominees that were ever likeable (the finalists), a few dozen, so the whole of
it is read and ranked at once.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination
from app.redis_store import get_redis
from app.services.likes.counts import board_key
from app.services.likes.state import PUBLIC_STATUSES


def ranked(campaign_id: int) -> list[dict]:
    """Every public nominee of the board: id, name, employer_name, trade, likes and rank (ties by id)."""
    board = [(int(member), int(score)) for member, score in
             get_redis().zrevrange(board_key(campaign_id), 0, -1, withscores=True)]
    if not board:
        return []
    found = {n.id: n for n in db.session.scalars(sa.select(Nomination).where(
        Nomination.campaign_id == campaign_id, Nomination.id.in_([nid for nid, _ in board]),
        Nomination.status.in_(PUBLIC_STATUSES)))}
    rows = [{"id": nid, "name": found[nid].name, "employer_name": found[nid].employer_name,
             "trade": found[nid].trade, "likes": likes}
            for nid, likes in sorted(board, key=lambda pair: (-pair[1], pair[0])) if nid in found]
    for position, row in enumerate(rows, start=1):
        tied = position > 1 and rows[position - 2]["likes"] == row["likes"]
        row["rank"] = rows[position - 2]["rank"] if tied else position
    return rows


def page(campaign_id: int, page_number: int = 1, per_page: int = 20) -> tuple[list[dict], int]:
    """One page of the ranking and how many nominees it holds in all."""
    rows = ranked(campaign_id)
    start = (page_number - 1) * per_page
    return rows[start:start + per_page], len(rows)
