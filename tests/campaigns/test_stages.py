"""Which stage is current at each boundary, in China time, and the organizer's manual switch."""
from datetime import date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry
from app.services.campaigns import stages
from app.services.campaigns.creation import create_campaign
from app.services.errors import DomainError

CST = timezone(timedelta(hours=8))


@pytest.fixture
def campaign(ctx):
    campaign = create_campaign(2019, "寻找“身边的港城工匠”选树活动")
    db.session.commit()
    return campaign


def at(*args):
    return datetime(*args, tzinfo=CST)


@pytest.mark.parametrize("moment, phase, stage_key", [
    (at(2019, 4, 22, 23, 59, 59), "before", None),
    (at(2019, 4, 23, 0, 0, 0), "in_stage", "nomination"),
    (at(2019, 5, 31, 23, 59, 59), "in_stage", "nomination"),
    (at(2019, 6, 1, 0, 0, 0), "in_stage", "review"),
    (at(2019, 7, 14, 23, 59, 59), "in_stage", "review"),
    (at(2019, 7, 15, 0, 0, 0), "in_stage", "promotion"),
    (at(2019, 9, 30, 23, 59, 59), "in_stage", "promotion"),
    (at(2019, 10, 1, 0, 0, 0), "in_stage", "evaluation"),
    (at(2019, 10, 31, 23, 59, 59), "in_stage", "evaluation"),
    (at(2019, 11, 1, 0, 0, 0), "in_stage", "commendation"),
    (at(2019, 11, 30, 23, 59, 59), "in_stage", "commendation"),
    (at(2019, 12, 1, 0, 0, 0), "after", None),
])
def test_stage_at_each_boundary(campaign, moment, phase, stage_key):
    state = stages.stage_state(campaign, moment)
    assert state.phase == phase
    assert (state.stage.key if state.stage else None) == stage_key


def test_days_are_counted_in_china_time(campaign):
    # 16:00 UTC on 31 May is already 1 June in Lianyungang.
    assert stages.stage_state(campaign, datetime(2019, 5, 31, 15, 59, 59, tzinfo=timezone.utc)).stage.key == "nomination"
    assert stages.stage_state(campaign, datetime(2019, 5, 31, 16, 0, 0, tzinfo=timezone.utc)).stage.key == "review"


def test_a_gap_between_stages_has_no_current_stage(campaign):
    campaign.stage("review").starts_on = date(2019, 6, 10)
    db.session.commit()
    state = stages.stage_state(campaign, at(2019, 6, 5, 12))
    assert state.phase == "between" and state.stage is None
    assert not any(stages.open_flags(campaign, at(2019, 6, 5, 12)).values())


def test_open_flags_follow_the_stage_switches(campaign):
    nomination = stages.open_flags(campaign, at(2019, 5, 1, 9))
    assert nomination["nominations"] and nomination["recommendations"] and not nomination["likes"]
    promotion = stages.open_flags(campaign, at(2019, 8, 1, 9))
    assert promotion["likes"] and not promotion["nominations"]
    evaluation = stages.open_flags(campaign, at(2019, 10, 10, 9))
    assert evaluation["objections"] and evaluation["scoring"]
    with pytest.raises(DomainError) as refused:
        stages.require_open(campaign, "nominations", at(2019, 8, 1, 9))
    assert refused.value.code == "stage_closed" and refused.value.status == 409
    assert "推荐申报" in refused.value.message


def test_manual_switch_wins_over_dates_and_is_audited(campaign):
    stages.set_override(campaign, "promotion", actor_label="test", reason="提前开放点赞")
    db.session.commit()
    state = stages.stage_state(campaign, at(2019, 5, 1, 9))
    assert state.stage.key == "promotion" and state.overridden
    stages.set_override(campaign, None, actor_label="test", reason="恢复按日期")
    db.session.commit()
    assert stages.stage_state(campaign, at(2019, 5, 1, 9)).stage.key == "nomination"
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.data["from"], e.data["to"], e.reason) for e in entries] == [
        ("campaign.stage_override", None, "promotion", "提前开放点赞"),
        ("campaign.stage_override", "promotion", None, "恢复按日期"),
    ]


def test_unknown_stage_is_refused_and_changes_nothing(campaign):
    with pytest.raises(DomainError) as refused:
        stages.set_override(campaign, "voting", actor_label="test")
    assert refused.value.code == "invalid_stage"
    assert campaign.stage_override is None
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == 0


def test_current_campaign_endpoint(client, seeded):
    response = client.get("/api/v1/campaigns/current")
    assert response.status_code == 200
    body = response.get_json()
    assert body["campaign"]["year"] == 2019
    assert body["stage"]["key"] == "nomination" and body["stage"]["name"] == "推荐申报"
    assert body["open"]["nominations"] is True and body["open"]["likes"] is False
    assert [s["key"] for s in body["timeline"]] == ["nomination", "review", "promotion", "evaluation",
                                                    "commendation"]
    assert [s["status"] for s in body["timeline"]] == ["current", "upcoming", "upcoming", "upcoming", "upcoming"]
    assert body["like_rules"] == {"per_nominee_per_day": 1, "per_user_per_day": 10, "timezone": "Asia/Shanghai"}
    assert body["selection"] == {"finalists": 50, "top_winners": 10, "winners": 40}
    assert body["prizes_yuan"] == {"top_winner": 10000, "winner": 4000}


def test_current_campaign_missing_is_a_json_404(client, ctx):
    response = client.get("/api/v1/campaigns/current")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
