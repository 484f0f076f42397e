"""What the home page shows at a glance: the countdowns (the stage's end, the public notice's window), the day
likes open, and the campaign's totals (nominees, likes, participants) — a public, cached answer with no one's data."""
from datetime import datetime, timedelta

from app.extensions import db
from app.models import Lead
from app.models.base import utcnow
from app.services.campaigns import calendar, stages
from app.services.campaigns.creation import create_campaign
from app.services.overview import countdowns
from app.services.results import confirmation
from tests.factories.likes import (CST, auth, campaign, drain, likes_app, make_nominee, make_user,  # noqa: F401
                                   make_users)
from tests.factories.results import confirmed


def at(*args):
    return datetime(*args, tzinfo=CST)


def test_the_stage_counts_down_to_the_midnight_after_its_last_day(likes_app):
    campaign = create_campaign(2019, "寻找“身边的港城工匠”选树活动")
    db.session.commit()
    found = countdowns.countdowns(campaign, at(2019, 8, 1, 9, 30))
    assert found == [{"key": "stage", "label": "距技能推介阶段结束", "ends_at": at(2019, 10, 1)}]
    assert countdowns.countdowns(campaign, at(2019, 9, 30, 23, 59, 59))[0]["ends_at"] == at(2019, 10, 1)
    # Between the campaign's stages or after them there is nothing to count down to.
    assert countdowns.countdowns(campaign, at(2019, 12, 5)) == []
    # Switched by hand past its dates: the organizers end it, no countdown pretends to know when.
    stages.set_override(campaign, "promotion", actor_label="test")
    db.session.commit()
    assert countdowns.countdowns(campaign, at(2019, 12, 5)) == []


def test_likes_open_on_the_first_day_of_the_next_stage_that_opens_them(likes_app):
    campaign = create_campaign(2019, "寻找“身边的港城工匠”选树活动")
    db.session.commit()
    assert calendar.opens_on(campaign, "likes", at(2019, 5, 1)).isoformat() == "2019-07-15"
    assert calendar.opens_on(campaign, "likes", at(2019, 3, 1)).isoformat() == "2019-07-15"
    assert calendar.opens_on(campaign, "likes", at(2019, 8, 1)) is None  # open now
    assert calendar.opens_on(campaign, "likes", at(2019, 10, 8)) is None  # over for this campaign
    assert calendar.opens_on(campaign, "objections", at(2019, 8, 1)).isoformat() == "2019-10-01"
    stages.set_override(campaign, "nomination", actor_label="test")  # the stage by hand: the next stage in order
    db.session.commit()
    assert calendar.opens_on(campaign, "likes", at(2026, 12, 4)).isoformat() == "2019-07-15"


def test_the_current_campaign_counts_down_to_the_end_of_the_public_notice(client, likes_app):
    published = confirmed()
    row = client.get("/api/v1/campaigns/current").get_json()
    notice = confirmation.current_notice(published["campaign"])
    ends = datetime.combine(notice.ends_on + timedelta(days=1), datetime.min.time(), CST)
    assert row["countdowns"] == [{"key": "notice", "label": "距评选结果公示期结束",
                                  "ends_at": ends.isoformat()}]
    assert row["opens_on"]["likes"] is None and row["opens_on"]["objections"] is None


def test_totals_count_public_nominees_likes_and_distinct_participants(client, campaign):
    checked = dict(content_checked_at=utcnow(), submitted_at=utcnow())
    first, second = make_nominee(campaign, name="王建军", **checked), make_nominee(campaign, name="李秀英", **checked)
    make_nominee(campaign, name="未审核", status="submitted")  # not content-checked: nobody sees it yet
    fans = make_users(3)
    for fan in fans:
        assert client.post(f"/api/v1/nominees/{first.id}/like", headers=auth(fan)).status_code == 200
    assert client.post(f"/api/v1/nominees/{second.id}/like", headers=auth(fans[0])).status_code == 200
    drain()
    recommender = make_user("recommender")
    db.session.add(Lead(campaign_id=campaign.id, recommender_id=recommender.id, name="张师傅", employer="连云港港口",
                        trade="焊工", reason="技术好"))
    db.session.add(Lead(campaign_id=campaign.id, recommender_id=fans[1].id, name="刘师傅", employer="连云港港口",
                        trade="钳工", reason="带徒弟"))
    db.session.commit()

    answer = client.get("/api/v1/campaigns/current/totals")
    # 3 fans + the two filers of the submitted nominations + the recommender (a fan's lead counts once).
    assert answer.get_json() == {"nominees": 2, "likes": 4, "participants": 6}
    assert answer.headers["Cache-Control"] == "public, max-age=5"
    again = client.get("/api/v1/campaigns/current/totals", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status_code == 304
    assert client.get("/api/v1/campaigns/current/totals", headers=auth(fans[0])).headers["Cache-Control"] == "no-store"


def test_totals_of_a_campaign_nobody_joined_yet_are_zero(client, campaign):
    assert client.get("/api/v1/campaigns/current/totals").get_json() == {"nominees": 0, "likes": 0, "participants": 0}
