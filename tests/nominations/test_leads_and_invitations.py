"""Leads from the public, followed up by unions and organizers; invitations that workers' accounts claim."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Invitation, Lead, Nomination, Notification, OrganizationKind, User
from app.models.base import utcnow
from tests.factories.nominations import (campaign, complete_org_draft, make_org, make_representative,  # noqa: F401
                                         set_stage, user_named)

LEAD = {"name": "马桂兰", "employer": "赣榆海丰食品有限公司", "trade": "面点师",
        "reason": "她做的煎饼远近闻名，带了十几个徒弟，值得大家认识。", "contact": "13905187701"}


def _events(who: str) -> list[str]:
    return db.session.scalars(sa.select(Notification.event).where(Notification.user_id == user_named(who).id)
                              .order_by(Notification.id)).all()


def test_anyone_logged_in_recommends_within_a_daily_limit(app, client, login, campaign, monkeypatch):
    monkeypatch.setitem(app.config, "LEADS_PER_USER_PER_DAY", 2)
    carol = login("carol")
    assert client.post("/api/v1/leads", json=LEAD).status_code == 401
    for _ in range(2):
        created = client.post("/api/v1/leads", json=LEAD, headers=carol)
        assert created.status_code == 201 and created.get_json()["status_label"] == "待处理"
    third = client.post("/api/v1/leads", json=LEAD, headers=carol)
    assert third.status_code == 429
    assert third.get_json()["error"] == {"code": "too_many_leads", "message": "每人每天最多提交2条推荐线索，请明天再来"}
    assert 0 < int(third.headers["Retry-After"]) <= 24 * 3600
    assert db.session.scalar(sa.select(sa.func.count(Lead.id))) == 2
    assert len(client.get("/api/v1/me/leads", headers=carol).get_json()["items"]) == 2
    # Another person has their own allowance.
    assert client.post("/api/v1/leads", json=LEAD, headers=login("dave")).status_code == 201


def test_a_lead_needs_a_reason_and_an_open_stage(client, login, campaign):
    carol = login("carol")
    bad = client.post("/api/v1/leads", json={**LEAD, "reason": "很好", "name": "1"}, headers=carol)
    assert bad.status_code == 400
    assert bad.get_json()["error"]["details"]["fields"] == {"name": "请填写真实姓名（2至20个字）",
                                                             "reason": "请写明推荐理由（至少10个字）"}
    risky = client.post("/api/v1/leads", json={**LEAD, "reason": "他说可以帮大家刷票，一票五毛钱。"}, headers=carol)
    assert risky.status_code == 400 and risky.get_json()["error"]["code"] == "content_rejected"
    set_stage("promotion")
    assert client.post("/api/v1/leads", json=LEAD, headers=carol).get_json()["error"]["code"] == "stage_closed"
    assert db.session.scalar(sa.select(sa.func.count(Lead.id))) == 0


def _ganyu_union() -> int:
    """赣榆区总工会, with the lead's employer registered in its district."""
    make_org("赣榆海丰食品有限公司", OrganizationKind.employer, district="赣榆区")
    return make_org("赣榆区总工会", OrganizationKind.county_union, district="赣榆区")


def test_unions_follow_a_lead_up_with_an_invitation_the_craftsman_claims(client, login, campaign):
    lead_id = client.post("/api/v1/leads", json=LEAD, headers=login("carol")).get_json()["id"]
    assert client.get("/api/v1/leads", headers=login("bob")).status_code == 403
    org_id = _ganyu_union()
    rep = make_representative(login, "rep-ganyu", org_id)
    listed = client.get("/api/v1/leads", headers=rep).get_json()
    assert listed["total"] == 1 and listed["items"][0]["contact"] == "139****7701"

    invitation = client.post(f"/api/v1/leads/{lead_id}/invitation", headers=rep)
    assert invitation.status_code == 201
    code = invitation.get_json()["code"]
    assert invitation.get_json()["path"] == f"pages/invitation/index?code={code}"
    claimed = client.post("/api/v1/invitations/claim", json={"code": code.lower()}, headers=login("guilan"))
    assert claimed.status_code == 200
    draft = claimed.get_json()
    assert (draft["channel"], draft["status"], draft["name"], draft["employer_name"], draft["trade"]) == (
        "self", "draft", "马桂兰", "赣榆海丰食品有限公司", "面点师")
    lead = db.session.get(Lead, lead_id)
    assert (lead.status, lead.nomination_id) == ("nominated", draft["id"])
    assert _events("carol") == ["lead_followed_up"]
    assert client.post("/api/v1/invitations/claim", json={"code": code}, headers=login("eve")).status_code == 409


def test_a_union_turns_a_lead_into_its_own_nomination(client, login, campaign):
    lead_id = client.post("/api/v1/leads", json=LEAD, headers=login("carol")).get_json()["id"]
    org_id = _ganyu_union()
    rep = make_representative(login, "rep-ganyu", org_id)
    nominated = client.post(f"/api/v1/leads/{lead_id}/nomination", json={"organization_id": org_id}, headers=rep)
    assert nominated.status_code == 201
    body = nominated.get_json()
    assert (body["channel"], body["nominating_org_id"], body["name"]) == ("union", org_id, "马桂兰")
    again = client.post(f"/api/v1/leads/{lead_id}/dismiss", json={"note": "重复"}, headers=rep)
    assert again.status_code == 409


def test_representatives_see_and_act_on_leads_in_their_scope_only(client, login, campaign):
    carol = login("carol")
    ganyu_lead = client.post("/api/v1/leads", json=LEAD, headers=carol).get_json()["id"]
    elsewhere = client.post("/api/v1/leads", json={**LEAD, "name": "杜海生", "employer": "某外地公司",
                                                   "contact": "13905187702"}, headers=carol).get_json()["id"]
    # The recommender sees their own contacts; the answer to them is theirs.
    assert {item["contact"] for item in client.get("/api/v1/me/leads", headers=carol).get_json()["items"]} == {
        "13905187701", "13905187702"}
    ganyu = make_representative(login, "rep-ganyu", _ganyu_union())
    haizhou = make_representative(login, "rep-haizhou", make_org("海州区总工会", OrganizationKind.county_union,
                                                                 district="海州区"))
    listed = client.get("/api/v1/leads", headers=ganyu).get_json()
    assert [(i["id"], i["contact"]) for i in listed["items"]] == [(ganyu_lead, "139****7701")]
    assert client.get("/api/v1/leads", headers=haizhou).get_json() == {"items": [], "total": 0, "page": 1,
                                                                        "per_page": 20}
    missing = client.post("/api/v1/leads/999999/dismiss", json={}, headers=haizhou).get_json()
    for lead_id in (ganyu_lead, elsewhere):
        for path, body in (("dismiss", {"note": "x"}), ("invitation", None), ("contact", None),
                           ("nomination", {"organization_id": 1})):
            refused = client.post(f"/api/v1/leads/{lead_id}/{path}", json=body, headers=haizhou)
            # Outside the scope reads exactly as a lead that does not exist.
            assert refused.status_code == 404 and refused.get_json() == missing, (lead_id, path)
    assert {lead.status for lead in db.session.scalars(sa.select(Lead))} == {"new"}
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.target_type == "lead")) == 0

    revealed = client.post(f"/api/v1/leads/{ganyu_lead}/contact", headers=ganyu)
    assert revealed.status_code == 200 and revealed.get_json() == {"id": ganyu_lead, "contact": "13905187701"}
    assert revealed.headers["Cache-Control"] == "no-store"
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.target_type == "lead")).one()
    assert (entry.action, entry.target_id, entry.actor_user_id) == ("lead.contact_viewed", str(ganyu_lead),
                                                                   user_named("rep-ganyu").id)


def test_a_lead_assigned_by_organizers_goes_to_that_organization_only(client, login, campaign):
    from app.services.nominations import leads

    lead_id = client.post("/api/v1/leads", json=LEAD, headers=login("carol")).get_json()["id"]
    ganyu = make_representative(login, "rep-ganyu", _ganyu_union())
    association_id = make_org("连云港市餐饮行业协会", OrganizationKind.association)
    association = make_representative(login, "rep-food", association_id)
    assert client.get("/api/v1/leads", headers=association).get_json()["total"] == 0
    organizer = user_named("carol")
    organizer.roles = ["organizer"]
    db.session.commit()
    leads.assign(organizer, lead_id, association_id)

    assert client.get("/api/v1/leads", headers=ganyu).get_json()["total"] == 0
    assert client.post(f"/api/v1/leads/{lead_id}/invitation", headers=ganyu).status_code == 404
    assert client.get("/api/v1/leads", headers=association).get_json()["items"][0]["id"] == lead_id
    assert client.post(f"/api/v1/leads/{lead_id}/dismiss", json={"note": "不符合条件"},
                       headers=association).status_code == 200
    assert db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "lead")
                              .order_by(AuditEntry.id)).all() == ["lead.assigned", "lead.dismissed"]


def test_a_nominated_worker_claims_the_nomination_to_check_and_complete_it(client, login, campaign):
    org_id = make_org("连云区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-lianyun", org_id)
    nomination_id = complete_org_draft(client, rep, org_id, 0, mobile=None)
    first = client.post(f"/api/v1/nominations/{nomination_id}/invitation", headers=rep).get_json()["code"]
    code = client.post(f"/api/v1/nominations/{nomination_id}/invitation", headers=rep).get_json()["code"]
    worker = login("worker")
    assert client.get(f"/api/v1/nominations/{nomination_id}", headers=worker).status_code == 404
    # The replaced code is told apart from a mistyped one, so the worker knows to ask for the new code;
    # the answer names nobody and nothing of the nomination.
    revoked = client.post("/api/v1/invitations/claim", json={"code": first}, headers=worker)
    assert revoked.status_code == 410 and revoked.get_json()["error"] == {
        "code": "invitation_revoked", "message": "该邀请码已作废（推荐单位已重新生成），请向推荐单位索取最新的邀请码"}
    mistyped = client.post("/api/v1/invitations/claim", json={"code": "WRONG234"}, headers=worker)
    assert mistyped.status_code == 404 and mistyped.get_json()["error"]["code"] == "invitation_invalid"

    claimed = client.post("/api/v1/invitations/claim", json={"code": code}, headers=worker)
    assert claimed.status_code == 200 and claimed.get_json()["nominee_claimed"] is True
    assert _events("worker") == ["nomination_invitation"]
    assert _events("rep-lianyun") == ["invitation_claimed"]
    assert client.get("/api/v1/me/nominations", headers=worker).get_json()["items"][0]["id"] == nomination_id
    # The worker completes their own data; the representative files it within the quota.
    completed = client.patch(f"/api/v1/nominations/{nomination_id}", json={"mobile": "13905180055"}, headers=worker)
    assert completed.status_code == 200
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=rep).status_code == 200
    assert _events("worker") == ["nomination_invitation", "nomination_received"]
    again = client.post(f"/api/v1/nominations/{nomination_id}/invitation", headers=rep)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_claimed"


def test_invitation_codes_expire_and_guessing_is_limited(client, login, campaign):
    org_id = make_org("灌云县总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-guanyun", org_id)
    nomination_id = complete_org_draft(client, rep, org_id, 0)
    code = client.post(f"/api/v1/nominations/{nomination_id}/invitation", headers=rep).get_json()["code"]
    invitation = db.session.scalars(sa.select(Invitation)).one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    worker = login("worker")
    expired = client.post("/api/v1/invitations/claim", json={"code": code}, headers=worker)
    assert expired.status_code == 410 and expired.get_json()["error"]["code"] == "invitation_expired"
    for _ in range(10):
        assert client.post("/api/v1/invitations/claim", json={"code": "WRONG234"}, headers=worker).status_code == 404
    blocked = client.post("/api/v1/invitations/claim", json={"code": "WRONG234"}, headers=worker)
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert db.session.get(Nomination, nomination_id).nominee_user_id is None
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 2


def test_replaced_invitation_codes_count_as_failed_guesses(client, login, campaign):
    """Telling a replaced code apart must not make trying codes cheaper: it counts like a wrong one."""
    org_id = make_org("东海县总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-donghai", org_id)
    nomination_id = complete_org_draft(client, rep, org_id, 0)
    first = client.post(f"/api/v1/nominations/{nomination_id}/invitation", headers=rep).get_json()["code"]
    client.post(f"/api/v1/nominations/{nomination_id}/invitation", headers=rep)
    worker = login("worker")
    for _ in range(10):
        assert client.post("/api/v1/invitations/claim", json={"code": first}, headers=worker).status_code == 410
    assert client.post("/api/v1/invitations/claim", json={"code": first}, headers=worker).status_code == 429
