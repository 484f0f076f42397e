"""Counts and ranking read the campaign's leaderboard in Redis."""
from app.redis_store import get_redis
from app.services.likes.counts import board_key, like_counts, ranked_nomination_ids


def test_counts_and_ranking_come_from_the_leaderboard(ctx):
    get_redis().zadd(board_key(7), {"3": 5, "4": 9, "5": 1})
    assert like_counts(7, [3, 4, 99]) == {3: 5, 4: 9, 99: 0}
    assert ranked_nomination_ids(7, 0, 2) == [(4, 9), (3, 5)]
    assert ranked_nomination_ids(7, 2, 5) == [(5, 1)]
    assert like_counts(8, [3]) == {3: 0}  # another campaign's board is separate
