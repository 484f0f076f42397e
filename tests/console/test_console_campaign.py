"""Campaign settings: validated, saved, audited with before/after; the manual stage switch."""
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Campaign


def settings_form(campaign, **overrides):
    form = {field: getattr(campaign, field) for field in (
        "likes_per_nominee_per_day", "likes_per_user_per_day", "likes_per_ip_per_minute",
        "like_velocity_hold_per_minute", "likes_weight_percent", "quota_county_union", "quota_unit_union",
        "quota_association", "finalist_count", "top_winner_count", "winner_count", "prize_top_yuan",
        "prize_winner_yuan")}
    for stage in campaign.stages:
        form[f"stage-{stage.key}-starts_on"] = stage.starts_on.isoformat()
        form[f"stage-{stage.key}-ends_on"] = stage.ends_on.isoformat()
        for switch in ("nominations_open", "recommendations_open", "likes_open", "objections_open", "scoring_open"):
            if getattr(stage, switch):
                form[f"stage-{stage.key}-{switch}"] = "on"
    form.update(overrides)
    return form


def campaign():
    db.session.expire_all()
    return db.session.scalars(sa.select(Campaign)).one()


def test_saving_changes_writes_one_audit_entry_with_before_and_after(organizer_console):
    form = settings_form(campaign(), **{"stage-review-starts_on": "2019-06-03", "likes_per_user_per_day": "20",
                                        "stage-promotion-objections_open": "on", "reason": "市总工会会议决定"})
    response = organizer_console.post("/console/campaign", form)
    assert response.status_code == 302
    current = campaign()
    assert current.stage("review").starts_on.isoformat() == "2019-06-03"
    assert current.likes_per_user_per_day == 20 and current.stage("promotion").objections_open
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "campaign.settings_changed")).one()
    assert entry.reason == "市总工会会议决定" and entry.actor_user_id is not None
    assert entry.data["changes"] == {
        "likes_per_user_per_day": {"from": 10, "to": 20},
        "stage.review.starts_on": {"from": "2019-06-01", "to": "2019-06-03"},
        "stage.promotion.objections_open": {"from": False, "to": True},
    }
    log = organizer_console.get("/console/audit?action=campaign.settings_changed").get_data(as_text=True)
    assert "考察审核 开始日期：6月1日 → 6月3日" in log and "市总工会会议决定" in log


def test_saving_nothing_new_writes_no_entry(organizer_console):
    organizer_console.post("/console/campaign", settings_form(campaign()))
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))
                             .where(AuditEntry.action == "campaign.settings_changed")) == 0


def test_overlapping_stages_and_bad_numbers_are_refused_whole(organizer_console):
    form = settings_form(campaign(), **{"stage-review-starts_on": "2019-05-20", "likes_weight_percent": "45",
                                        "prize_top_yuan": "12000", "winner_count": "abc"})
    response = organizer_console.post("/console/campaign", form)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "考察审核须在上一阶段结束之后开始" in body and "应在 0–30 之间" in body and "应为整数" in body
    current = campaign()
    assert current.prize_top_yuan == 10000 and current.stage("review").starts_on.isoformat() == "2019-06-01"
    assert 'value="12000"' in body  # what was typed stays in the form


def test_more_winners_than_finalists_is_refused(organizer_console):
    response = organizer_console.post("/console/campaign", settings_form(campaign(), winner_count="45"))
    assert response.status_code == 400 and "不能超过入围对象人数" in response.get_data(as_text=True)


def test_manual_stage_switch_needs_a_reason_and_is_audited(organizer_console, client):
    refused = organizer_console.post("/console/campaign/stage", {"stage": "promotion", "reason": ""},
                                     token_from="/console/campaign")
    assert refused.status_code in (302, 400) and campaign().stage_override == "nomination"
    organizer_console.post("/console/campaign/stage", {"stage": "promotion", "reason": "提前开放点赞"},
                           token_from="/console/campaign")
    assert campaign().stage_override == "promotion"
    assert client.get("/api/v1/campaigns/current").get_json()["open"]["likes"] is True
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "campaign.stage_override")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.data == {"from": "nomination", "to": "promotion"} and entry.reason == "提前开放点赞"
    organizer_console.post("/console/campaign/stage", {"stage": "", "reason": "恢复按日期"},
                           token_from="/console/campaign")
    assert campaign().stage_override is None
