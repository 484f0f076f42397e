"""Building the list: shared picks, counts by district, trade, channel and organization, and who may change it when."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, ShortlistPick
from app.services.errors import DomainError
from app.redis_store import get_redis
from app.services.likes import counts as like_counts
from app.services.shortlist import board, picks
from tests.factories.likes import make_user
from tests.factories.nominations import set_stage


def tally(rows, label):
    return next((t.picked, t.pool) for t in rows if t.label == label)


def test_two_organizers_see_one_list_with_counts_of_the_picked_and_of_all_qualified(review):
    campaign, qualified = review["campaign"], review["qualified"]
    picks.add(review["organizer"], campaign, qualified[0].id)
    picks.add(review["colleague"], campaign, qualified[1].id)
    picks.add(review["colleague"], campaign, qualified[0].id)  # already there: nothing changes

    built = board.build(campaign)
    assert built.picked == 2 and built.pool_size == 10 and built.target == 4 and built.missing == 2
    assert not built.ready
    assert {r.nomination.id for r in built.rows if r.picked} == {qualified[0].id, qualified[1].id}
    # qualified[0] is in 海州区, qualified[1] in 连云区; the pool has two of each of the first four places.
    assert tally(built.tallies["district"], "海州区") == (1, 2)
    assert tally(built.tallies["district"], "连云区") == (1, 2)
    assert tally(built.tallies["district"], "东海县") == (0, 2)
    assert tally(built.tallies["trade"], "数控车工") == (1, 3)
    assert tally(built.tallies["channel"], "单位集中推荐") == (2, 5)
    assert tally(built.tallies["channel"], "个人自荐") == (0, 2)
    assert tally(built.tallies["organization"], board.SELF_LABEL) == (0, 2)
    assert sum(t.pool for t in built.tallies["organization"]) == 10
    # One row and one audit entry per pick, whoever added it.
    assert db.session.scalar(sa.select(sa.func.count(ShortlistPick.id))) == 2
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "shortlist.pick")) == 2

    picks.remove(review["organizer"], campaign, qualified[1].id)
    assert board.build(campaign).picked == 1
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "shortlist.unpick")) == 1


def test_filters_and_sorts(review):
    campaign, qualified = review["campaign"], review["qualified"]
    picks.add(review["organizer"], campaign, qualified[2].id)
    only_picked = board.build(campaign, board.Filters(show="picked"))
    assert [r.nomination.id for r in only_picked.rows] == [qualified[2].id]
    in_haizhou = board.build(campaign, board.Filters(district="海州区"))
    assert {r.nomination.district for r in in_haizhou.rows} == {"海州区"} and len(in_haizhou.rows) == 2
    by_self = board.build(campaign, board.Filters(channel="self"))
    assert {r.nomination.id for r in by_self.rows} == {qualified[4].id, qualified[9].id}
    by_name = board.build(campaign, board.Filters(q="候选07"))
    assert [r.nomination.name for r in by_name.rows] == ["入围候选07"]
    # Counts are of the whole pool, whatever the filter shows.
    assert by_name.pool_size == 10 and sum(t.pool for t in by_name.tallies["district"]) == 10
    by_district = board.build(campaign, board.Filters(sort="district"))
    places = [r.nomination.district for r in by_district.rows]
    assert places[:2] == ["海州区", "海州区"] and places[-1] == "开发区"


def test_likes_are_shown_only_when_the_campaign_uses_them(review):
    campaign, qualified = review["campaign"], review["qualified"]
    built = board.build(campaign)
    assert not built.uses_likes and built.sort == "district"  # likes open for finalists later: zeros only now

    campaign.likes_weight_percent = 20  # likes count in the final score: organizers want to see them
    db.session.commit()
    assert board.build(campaign).uses_likes

    campaign.likes_weight_percent = 0
    db.session.commit()
    # Likes a nominee already has (a list reopened after promotion began) are shown, most liked first.
    get_redis().zadd(like_counts.board_key(campaign.id), {str(qualified[5].id): 12, str(qualified[3].id): 7})
    built = board.build(campaign)
    assert built.uses_likes and built.sort == "likes"
    assert [(r.nomination.id, r.likes) for r in built.rows[:2]] == [(qualified[5].id, 12), (qualified[3].id, 7)]


def test_only_qualified_nominees_of_the_campaign_can_be_picked(review):
    campaign, qualified = review["campaign"], review["qualified"]
    qualified[0].status = "rejected"
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        picks.add(review["organizer"], campaign, qualified[0].id)
    assert refused.value.status == 409 and "审核合格" in refused.value.message
    with pytest.raises(DomainError) as missing:
        picks.add(review["organizer"], campaign, 999999)
    assert missing.value.status == 404
    assert picks.picked_ids(campaign) == []


def test_a_pick_that_stops_being_qualified_shows_as_stale(review):
    campaign, qualified = review["campaign"], review["qualified"]
    picks.add(review["organizer"], campaign, qualified[0].id)
    qualified[0].status = "withdrawn"
    db.session.commit()
    built = board.build(campaign)
    assert [n.id for n in built.stale] == [qualified[0].id] and built.picked == 0
    picks.remove(review["organizer"], campaign, qualified[0].id)  # it can still be taken off
    assert board.build(campaign).stale == []


def test_changes_only_in_the_review_stage_and_only_by_organizers(review):
    campaign, qualified = review["campaign"], review["qualified"]
    set_stage("promotion")
    with pytest.raises(DomainError) as closed:
        picks.add(review["organizer"], campaign, qualified[0].id)
    assert closed.value.code == "stage_closed" and "考察审核" in closed.value.message
    set_stage("review")
    with pytest.raises(DomainError) as forbidden:
        picks.add(make_user("路人"), campaign, qualified[0].id)
    assert forbidden.value.status == 403
    assert picks.picked_ids(campaign) == []
