"""Resubmission after review returned a nomination for more (退回补充): by whom, until when, back to the queue."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Nomination, Notification, OrganizationKind, User
from app.models.nomination import REVIEW_QUEUE_STATUSES
from app.services.campaigns import stages
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, jpeg_bytes,  # noqa: F401
                                         make_org, make_representative, set_stage, upload, user_named)


def _organizer() -> User:
    user = User(openid="organizer-for-resubmission", nickname="周主任", roles=["organizer"])
    db.session.add(user)
    db.session.commit()
    return user


def _return_for_more(nomination_id: int, days_left: int = 3) -> Nomination:
    """What the review service does on 退回补充 (its contract): status, the reason, the last day."""
    nomination = db.session.get(Nomination, nomination_id)
    nomination.status = "returned"
    nomination.return_reason = "请补充：2018年市职工技能大赛获奖证书复印件"
    nomination.resubmit_by = stages.local_today(nomination.campaign) + timedelta(days=days_left)
    db.session.commit()
    return nomination


def _endorsed_self_nomination(client, login) -> tuple[dict, int]:
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice).status_code == 200
    nomination = db.session.get(Nomination, nomination_id)
    nomination.status = "endorsed"  # the employer's scan (tests/endorsement covers it)
    db.session.commit()
    return alice, nomination_id


def _actions(nomination_id: int) -> list[str]:
    return db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.target_type == "nomination", AuditEntry.target_id == str(nomination_id)).order_by(AuditEntry.id)).all()


def test_the_nominee_completes_and_resubmits_after_the_nomination_stage_closed(client, login, campaign):
    organizer = _organizer()
    alice, nomination_id = _endorsed_self_nomination(client, login)
    set_stage("review")  # the nomination stage is over
    _return_for_more(nomination_id, days_left=3)
    db.session.query(Notification).delete()
    db.session.commit()

    shown = client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()
    deadline = stages.local_today(stages.current_campaign()) + timedelta(days=3)
    assert (shown["status"], shown["resubmit_by"], shown["open_for_changes"]) == ("returned", deadline.isoformat(), True)
    assert shown["return_reason"].startswith("请补充：")

    changed = client.patch(f"/api/v1/nominations/{nomination_id}", json={"awards": "2018年获市职工技能大赛一等奖。"},
                           headers=alice)
    assert changed.status_code == 200, changed.get_json()
    assert upload(client, alice, nomination_id, "certificate", jpeg_bytes(), "award.jpg").status_code == 201

    resubmitted = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert resubmitted.status_code == 200, resubmitted.get_json()
    body = resubmitted.get_json()
    assert (body["status"], body["status_label"], body["resubmit_by"]) == ("under_review", "考察审核中", None)
    assert body["open_for_changes"] is False
    db.session.expire_all()
    nomination = db.session.get(Nomination, nomination_id)
    assert nomination.status in REVIEW_QUEUE_STATUSES and nomination.awards == "2018年获市职工技能大赛一等奖。"
    assert _actions(nomination_id)[-1] == "nomination.resubmit"
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "nomination.resubmit")).one()
    assert entry.actor_user_id == user_named("alice").id and entry.data["resubmit_by"] == deadline.isoformat()
    told = {(n.user_id, n.event) for n in db.session.scalars(sa.select(Notification))}
    assert (organizer.id, "nomination_resubmitted") in told
    assert (user_named("alice").id, "nomination_received") in told
    # No new endorsement: the employer is not asked again.
    assert not any(event == "endorsement_requested" for _, event in told)

    again = client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "车间主任"}, headers=alice)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "not_editable"


def test_the_last_day_counts_and_the_day_after_is_refused_changing_nothing(client, login, campaign):
    alice, nomination_id = _endorsed_self_nomination(client, login)
    set_stage("review")
    _return_for_more(nomination_id, days_left=0)
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "班组长"}, headers=alice).status_code == 200

    late = _return_for_more(nomination_id, days_left=-1)
    day = late.resubmit_by
    shown = client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()
    assert shown["open_for_changes"] is False
    for response in (client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "车间主任"}, headers=alice),
                     upload(client, alice, nomination_id, "certificate", jpeg_bytes(), "late.jpg"),
                     client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)):
        assert response.status_code == 409
        error = response.get_json()["error"]
        assert error["code"] == "resubmit_deadline_passed"
        assert error["message"] == (f"补充材料的截止日期（{day.month}月{day.day}日）已过，不能再修改或重新提交；"
                                    "如有疑问请联系市总工会")
        assert error["details"]["resubmit_by"] == day.isoformat()
    db.session.expire_all()
    nomination = db.session.get(Nomination, nomination_id)
    assert (nomination.status, nomination.post, len(nomination.files_of("certificate"))) == ("returned", "班组长", 1)
    assert "nomination.resubmit" not in _actions(nomination_id)


def test_a_union_nomination_is_resubmitted_by_its_representative_not_by_others(client, login, campaign):
    organizer = _organizer()
    org_id = make_org("海州区总工会", OrganizationKind.county_union, district="海州区")
    rep = make_representative(login, "rep-haizhou", org_id)
    nomination_id = complete_org_draft(client, rep, org_id, 1)
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=rep).status_code == 200
    set_stage("review")
    _return_for_more(nomination_id)
    stranger = login("bob")

    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=stranger).status_code == 404
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "x"}, headers=stranger).status_code == 404
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "数控车间主任"},
                        headers=rep).status_code == 200
    resubmitted = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=rep)
    assert resubmitted.status_code == 200 and resubmitted.get_json()["status"] == "under_review"
    assert db.session.scalars(sa.select(Notification.event).where(Notification.user_id == organizer.id)).all() == [
        "nomination_resubmitted"]
    mine = client.get("/api/v1/organizations/mine", headers=rep).get_json()["items"][0]
    assert mine["used"] == 1  # still one place of the quota, not two


def test_a_resubmission_still_needs_every_required_field_and_material(client, login, campaign):
    alice, nomination_id = _endorsed_self_nomination(client, login)
    set_stage("review")
    _return_for_more(nomination_id)
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json={"brief": None}, headers=alice).status_code == 200
    response = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "nomination_incomplete"
    assert list(response.get_json()["error"]["details"]["fields"]) == ["brief"]
    db.session.expire_all()
    assert db.session.get(Nomination, nomination_id).status == "returned"


@pytest.mark.parametrize("stage", ["review", "promotion"])
def test_a_return_by_the_employer_still_waits_for_the_nomination_stage(client, login, campaign, stage):
    """No deadline set (the employer declined): changes are kept, submission needs nominations open."""
    alice, nomination_id = _endorsed_self_nomination(client, login)
    nomination = db.session.get(Nomination, nomination_id)
    nomination.status, nomination.return_reason = "returned", "单位不予认可：岗位填写有误"
    db.session.commit()
    set_stage(stage)
    assert client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()["open_for_changes"] is False
    response = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "stage_closed"
    set_stage("nomination")
    again = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert again.status_code == 200 and again.get_json()["status"] == "awaiting_endorsement"


def test_the_rule_is_one_place_for_drafts_and_both_kinds_of_return(client, login, campaign):
    from app.services.nominations import windows

    alice, nomination_id = _endorsed_self_nomination(client, login)
    nomination = _return_for_more(nomination_id, days_left=1)
    set_stage("commendation")
    assert windows.open_for_changes(nomination) and windows.is_review_return(nomination)
    nomination.resubmit_by = stages.local_today(nomination.campaign) - timedelta(days=1)
    assert windows.refusal(nomination, submitting=False).code == "resubmit_deadline_passed"
    nomination.status = "under_review"
    assert windows.refusal(nomination, submitting=False).code == "not_editable"
    db.session.rollback()
