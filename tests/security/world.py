"""The campaign the permission matrix walks: one finalist (F) with its owner, its organization's representatives
(current and revoked), a second finalist (G) of another organization, a panel with a round open (one expert has a
draft score on F, another declared a conflict on F and is not assigned G), an objection to F by someone else, leads of both
organizations, an inbox message of the nominee; every role logged in — a bearer token for the API, a console
session (with its CSRF token) for the console — and following the official account as the same person
(unionid), for the bot. Built once per module through the factories and services."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import Lead, Membership, Nomination, NominationFile, Notification, Objection, OrganizationKind, User
from app.models.base import utcnow
from app.services.accounts import console_auth
from app.services.panel import formation, rounds, scoring
from tests.factories.nominations import complete_org_draft, make_org, set_stage, user_named

ROLES = ("anonymous", "public", "nominee", "rep_own", "rep_other", "rep_revoked", "expert", "expert_conflicted",
         "organizer", "disabled")
PASSWORD = "matrix-pass-2019!"
# Console accounts (username → role); the WeChat users of the same roles log in with dev-<name>.
CONSOLE_ACCOUNTS = {"expert": ("m-sun", "expert"), "expert_conflicted": ("m-wu", "expert"),
                    "organizer": ("m-zhou", "organizer"), "disabled": ("m-gone", "organizer")}
WECHAT_NAMES = {"public": "m-alice", "nominee": "m-nominee", "rep_own": "m-rep-own", "rep_other": "m-rep-other",
                "rep_revoked": "m-rep-revoked", "expert": "m-expert", "expert_conflicted": "m-expert-wu",
                "organizer": "m-organizer", "disabled": "m-disabled"}
SCORES = {"skill": 80, "mastery": 81, "leadership": 82, "contribution": 83}


@dataclass
class Caller:
    """One role as the app sees it: API headers (None: no token) and a console test client."""

    role: str
    api: dict | None
    console: object  # FlaskClient with its own cookies
    csrf: str

    def request(self, method: str, path: str, *, json=None, data=None):
        if path.startswith("/console/"):
            form = dict(data or {})
            if method != "GET":
                form.setdefault("csrf_token", self.csrf)
            return self.console.open(path, method=method, data=form)
        return self.console.open(path, method=method, headers=self.api or {}, json=json,
                                 data=data if json is None else None)


def _csrf(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def _api_login(app, name: str) -> dict:
    answer = app.test_client().post("/api/v1/auth/login", json={"code": f"dev-{name}"})
    assert answer.status_code == 200, answer.get_json()
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def _console_login(app, username: str | None):
    client = app.test_client()
    token = _csrf(client, "/console/login")
    if username is None:
        return client, token
    answer = client.post("/console/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return client, _csrf(client, answer.headers["Location"])


def build(app) -> dict:
    """Seed the campaign and log every role in; answers the ids the matrix's paths name, and the callers."""
    from app.services.campaigns import stages
    from app.services.campaigns.creation import create_campaign

    campaign = create_campaign(2019, "寻找“身边的港城工匠”选树活动")
    db.session.flush()
    stages.set_override(campaign, "nomination", actor_label="test")
    db.session.commit()
    own_org = make_org("海州区总工会", OrganizationKind.county_union, quota=15, district="海州区")
    other_org = make_org("连云区总工会", OrganizationKind.county_union, quota=15, district="连云区")
    headers = {role: _api_login(app, name) for role, name in WECHAT_NAMES.items()}
    for role, org in (("rep_own", own_org), ("rep_other", other_org), ("rep_revoked", own_org)):
        db.session.add(Membership(user_id=user_named(WECHAT_NAMES[role]).id, organization_id=org, role="representative",
                                  verified=True, verified_at=utcnow()))
    db.session.commit()
    f_id = complete_org_draft(app.test_client(), headers["rep_own"], own_org, 1)
    g_id = complete_org_draft(app.test_client(), headers["rep_other"], other_org, 2, employer_name="连云港云台港口机械有限公司")
    nominee = user_named(WECHAT_NAMES["nominee"])
    for nomination_id, owner in ((f_id, nominee.id), (g_id, None)):
        row = db.session.get(Nomination, nomination_id)
        row.status, row.content_checked_at, row.nominee_user_id = "finalist", utcnow(), owner
    revoked = db.session.scalars(sa.select(Membership).where(
        Membership.user_id == user_named(WECHAT_NAMES["rep_revoked"]).id)).one()
    revoked.revoked_at = utcnow()
    for role in ("expert", "expert_conflicted"):
        user_named(WECHAT_NAMES[role]).roles = ["expert"]
    user_named(WECHAT_NAMES["organizer"]).roles = ["organizer"]
    db.session.commit()

    accounts = {role: console_auth.create_account(username, PASSWORD, kind, f"矩阵{role}", actor_label="test")
                for role, (username, kind) in CONSOLE_ACCOUNTS.items()}
    other_expert = console_auth.create_account("m-qian", PASSWORD, "expert", "钱高工", actor_label="test")
    db.session.commit()
    set_stage("evaluation")
    organizer = accounts["organizer"]
    for user, chair in ((accounts["expert"], True), (accounts["expert_conflicted"], False), (other_expert, False)):
        formation.add_member(organizer, campaign, user.id, unit="江苏海洋大学", kind="expert", is_chair=chair)
    formation.assign_all(organizer, campaign)
    wu = formation.member_of(campaign, accounts["expert_conflicted"])
    formation.set_assignment(organizer, campaign, wu.id, g_id, False)  # G is not the conflicted expert's to score
    rounds.open_main(organizer, campaign)
    scoring.save(other_expert, campaign, f_id, scores=SCORES, comment="钱高工草稿评语")  # a draft: the round is open
    scoring.save(accounts["expert_conflicted"], campaign, f_id, conflict="same_unit",
                 conflict_reason="与该入围对象同在一个单位工作，依规回避。", submit=True)

    objector = User(openid="dev-m-objector", nickname="异议人", roles=[])
    db.session.add(objector)
    db.session.flush()
    objection = Objection(campaign_id=campaign.id, nomination_id=f_id, user_id=objector.id, real_name="李建国",
                          mobile="13905180000", relation="public", content="公示材料与本人了解的情况不符，请核实。")
    leads = [Lead(campaign_id=campaign.id, recommender_id=objector.id, name=name, employer=employer, trade="焊工",
                  reason="扎根一线二十年，带徒十二名，多次获奖。", contact="13900007701", assigned_org_id=org)
             for name, employer, org in (("赵师傅", "海州某厂", own_org), ("钱师傅", "连云某厂", other_org))]
    inbox = Notification(user_id=nominee.id, event="nomination.submitted", title="申报已提交", body="您的申报已提交。",
                         channel="inbox", status="delivered")
    db.session.add_all([objection, *leads, inbox])
    db.session.commit()

    # The official account's followers: each role's person by unionid; `anonymous` a follower nobody knows.
    emulator = app.test_client()
    for role in ROLES:
        unionid = None if role == "anonymous" else f"u-{role}"
        if unionid:
            user_named(WECHAT_NAMES[role]).unionid = unionid
        answer = emulator.post("/_wechat-emulator/followers", json={
            "appid": app.config["WECHAT_MP_APPID"], "openid": f"mp-{role}", "unionid": unionid})
        assert answer.get_json()["errcode"] == 0
    db.session.commit()

    callers = {"anonymous": Caller("anonymous", None, *_console_login(app, None))}
    for role in ROLES[1:]:
        username = CONSOLE_ACCOUNTS.get(role, (None,))[0]
        callers[role] = Caller(role, headers[role], *_console_login(app, username))
    console_auth.set_disabled(accounts["disabled"], True, actor=organizer)
    console_auth.set_disabled(user_named(WECHAT_NAMES["disabled"]), True, actor=organizer)

    files = lambda nid: list(db.session.scalars(  # noqa: E731
        sa.select(NominationFile.id).where(NominationFile.nomination_id == nid).order_by(NominationFile.id)))
    ids = {"campaign": campaign.id, "own_org": own_org, "other_org": other_org, "f": f_id, "g": g_id,
           "f_file": files(f_id)[0], "g_file": files(g_id)[0], "f_cert": files(f_id)[-1], "g_cert": files(g_id)[-1],
           "objection": objection.id, "own_lead": leads[0].id, "other_lead": leads[1].id, "inbox": inbox.id,
           "nominee_user": nominee.id, "rep_own_user": user_named(WECHAT_NAMES["rep_own"]).id,
           "other_expert": other_expert.id, "expert_user": accounts["expert"].id, "absent": 2147483000}
    return {"ids": ids, "callers": callers}
