"""The like rules against the clock: days in China time, the stage dates, and Redis kept in step."""
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination
from app.redis_store import get_redis
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.likes import liking
from app.services.likes.state import likeable_key, state_key
from app.services.seed.demo import seed_demo
from tests.factories.likes import (CST, campaign, drain, ledger_rows, likes_app, make_campaign,  # noqa: F401
                                   make_nominee, make_user)


def refusal(user, nominee, now):
    with pytest.raises(DomainError) as refused:
        liking.like(user.id, nominee.id, "198.51.100.1", now=now)
    return refused.value.code


def test_limits_reset_at_midnight_china_time(campaign):
    nominees = [make_nominee(campaign, name=f"候选人{i}") for i in range(12)]
    user = make_user("alice")
    evening = datetime(2019, 8, 1, 23, 50, tzinfo=CST)
    for nominee in nominees[:10]:
        liking.like(user.id, nominee.id, "198.51.100.1", now=evening)
    last_second = datetime(2019, 8, 1, 23, 59, 59, tzinfo=CST)
    assert refusal(user, nominees[10], last_second) == "daily_limit_reached"
    assert refusal(user, nominees[0], last_second) == "already_liked_today"

    # 16:00 UTC is midnight in Lianyungang: a new day, with all ten likes and every nominee again.
    midnight = datetime(2019, 8, 1, 16, 0, 0, tzinfo=timezone.utc)
    result = liking.like(user.id, nominees[0].id, "198.51.100.1", now=midnight)
    assert (result.likes, result.remaining_today) == (2, 9)
    assert liking.like(user.id, nominees[10].id, "198.51.100.1", now=midnight).remaining_today == 8
    assert liking.today(user.id, now=midnight) == {"remaining_today": 8,
                                                  "liked_nominee_ids": sorted([nominees[0].id, nominees[10].id])}
    drain()
    days = sorted({(row.day.isoformat(), row.seq) for row in ledger_rows(nomination_id=nominees[0].id)})
    assert days == [("2019-08-01", 1), ("2019-08-02", 1)]


def test_likes_follow_the_stage_dates_in_china_time(likes_app):
    campaign = make_campaign(stage=None)  # no manual switch: the promotion stage runs 15 July – 30 September
    nominee = make_nominee(campaign)
    fans = [make_user(f"fan{i}") for i in range(4)]
    assert refusal(fans[0], nominee, datetime(2019, 7, 14, 23, 59, 59, tzinfo=CST)) == "stage_closed"
    assert liking.like(fans[0].id, nominee.id, "198.51.100.1", now=datetime(2019, 7, 15, 0, 0, tzinfo=CST)).likes == 1
    assert liking.like(fans[1].id, nominee.id, "198.51.100.2",
                      now=datetime(2019, 9, 30, 23, 59, 59, tzinfo=CST)).likes == 2
    assert refusal(fans[2], nominee, datetime(2019, 10, 1, 0, 0, tzinfo=CST)) == "stage_closed"

    # Changing the dates reaches Redis with the commit.
    campaign.stage("promotion").ends_on = campaign.stage("promotion").ends_on.replace(month=10, day=10)
    campaign.stage("evaluation").starts_on = campaign.stage("evaluation").starts_on.replace(day=11)
    db.session.commit()
    assert liking.like(fans[2].id, nominee.id, "198.51.100.3", now=datetime(2019, 10, 1, 8, tzinfo=CST)).likes == 3
    campaign.stage("promotion").likes_open = False
    db.session.commit()
    assert refusal(fans[3], nominee, datetime(2019, 8, 1, 8, tzinfo=CST)) == "stage_closed"


def test_redis_that_lost_the_like_state_gets_it_back_on_the_next_like(campaign):
    nominee = make_nominee(campaign)
    get_redis().delete(state_key(campaign.id), likeable_key(campaign.id))
    assert liking.like(make_user("alice").id, nominee.id, "198.51.100.1").likes == 1
    assert get_redis().hget(state_key(campaign.id), "per_user") == b"10"


def test_seed_in_promotion_opens_likes_for_the_finalists(likes_app):
    campaign = make_campaign(stage="nomination")
    finalists = [make_nominee(campaign, name=f"入围{i}") for i in range(3)]
    # Written behind the session's back (as a bulk import would), so only the seed's sync finds them.
    get_redis().delete(likeable_key(campaign.id))
    assert refusal(make_user("alice"), finalists[0], None) == "stage_closed"
    seed_demo(stage="promotion")
    assert stages.open_flags(campaign)["likes"]
    liked = [liking.like(make_user(f"fan{i}").id, f.id, "198.51.100.1").likes for i, f in enumerate(finalists)]
    assert liked == [1, 1, 1]
    assert get_redis().scard(likeable_key(campaign.id)) == db.session.scalar(
        sa.select(sa.func.count(Nomination.id)).where(Nomination.status == "finalist"))
