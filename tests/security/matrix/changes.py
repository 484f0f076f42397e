"""Rows that change state, each allowed call changing nothing the later rows read; session-ending rows last."""
from __future__ import annotations

from tests.security.matrix.shapes import API_USER, CONSOLE_NONE, Row, evidence, jpeg, org_get, org_post, roles

LEAD = {"name": "孙师傅", "employer": "海州某厂", "trade": "焊工", "reason": "扎根一线二十年，带徒十二名，多次获奖。"}
OBJECTION = {"real_name": "张三", "mobile": "13900001111", "relation": "public",
             "content": "公示材料与本人了解的情况不符，请核实其获奖证书。"}
CHANGES: list[Row] = []

# --- state-changing rows: each one's allowed call changes nothing the later rows read ------------------------------
CHANGES += [
    Row("POST", "/api/v1/auth/login", roles(401), json={"code": "not-a-code"}, note="a wrong code, whoever calls"),
    Row("POST", "/api/v1/nominations", roles(409, anonymous=401, disabled=403), json={"channel": "self"},
        note="the nomination stage is over"),
    Row("POST", "/api/v1/leads", roles(409, anonymous=401, disabled=403), json=LEAD),
    Row("POST", "/api/v1/objections", roles(409, anonymous=401, disabled=403),
        json=lambda ids: {**OBJECTION, "nomination_id": ids["g"]},
        note="no published notice to object to"),
    Row("POST", "/api/v1/invitations/claim", roles(404, anonymous=401, disabled=403), json={"code": "NOSUCHCODE"}),
    Row("POST", "/api/v1/endorsement-checks/{absent}", roles(403, anonymous=401, organizer=404), json={"accept": True},
        rule="/api/v1/endorsement-checks/<int:endorsement_id>"),
    Row("POST", "/api/v1/endorsements/nosuchtoken/letter", roles(404, anonymous=401, disabled=403), data=evidence,
        rule="/api/v1/endorsements/<token>/letter"),
    Row("POST", "/api/v1/nominations/{f}/files", roles(404, anonymous=401, disabled=403, nominee=409, rep_own=409,
                                                       organizer=403),
        data=jpeg, rule="/api/v1/nominations/<int:nomination_id>/files"),
    Row("POST", "/api/v1/objections/{objection}/files", roles(404, anonymous=401, disabled=403), data=evidence,
        rule="/api/v1/objections/<int:objection_id>/files", note="someone else's objection: as if absent"),
    Row("POST", "/api/v1/leads/{own_lead}/nomination", roles(403, anonymous=401, rep_own=409, rep_other=404),
        json=lambda ids: {"organization_id": ids["own_org"]}, rule="/api/v1/leads/<int:lead_id>/nomination"),
    Row("PUT", "/api/v1/me/notification-preferences", API_USER,
        json={"changes": [{"kind": "results", "channel": "subscribe", "enabled": False}]}),
    Row("POST", "/api/v1/me/subscriptions", API_USER, json={"accepted": [], "rejected": []}),
    Row("POST", "/api/v1/me/notifications/read", API_USER),
    Row("POST", "/api/v1/organizations/{other_org}/representative-invitations",
        roles(403, anonymous=401, organizer=201), rule="/api/v1/organizations/<int:org_id>/representative-invitations",
        note="only organizers invite representatives"),
    Row("POST", "/api/v1/organizations/{other_org}/representatives/{rep_own_user}/revoke",
        roles(403, anonymous=401, organizer=404), json={"reason": "测试撤销"},
        rule="/api/v1/organizations/<int:org_id>/representatives/<int:user_id>/revoke",
        note="rep_own is no representative of the other organization: 404 for the organizer"),
    Row("POST", "/api/v1/leads/{other_lead}/dismiss", roles(403, anonymous=401, disabled=403, rep_own=404,
                                                           rep_other=200, organizer=200),
        rule="/api/v1/leads/<int:lead_id>/dismiss"),
    # the expert's sheet: only experts of the panel; the conflicted one has submitted their conflict
    Row("POST", "/console/expert/finalists/{f}", {**CONSOLE_NONE, "expert": 400, "expert_conflicted": 409,
                                                  "organizer": 403, "disabled": 400},
        rule="/console/expert/finalists/<int:nomination_id>", note="an empty sheet: 400 once past the gate"),
]

CONSOLE_POSTS = {  # organizer-only forms, posted empty (or at an id the world lacks): organizer's answer
    302: ("/console/awards/{absent}/certificate", "/console/awards/{absent}/item",
          "/console/awards/{absent}/medal", "/console/awards/certificates", "/console/awards/record", "/console/campaign",
          "/console/certificates/NOSUCH/revoke", "/console/endorsement-checks/{absent}", "/console/exports/all-nominations",
          "/console/honour-roll/import", "/console/organizations/{own_org}", "/console/panel/members",
          "/console/panel/remind", "/console/panel/ties/1/chair"),
    409: ("/console/panel/assign-all", "/console/panel/assignments", "/console/panel/members/{absent}/remove",
          "/console/panel/ranking/confirm", "/console/panel/rounds/open", "/console/panel/ties/1/round",
          "/console/results/confirm", "/console/results/publish", "/console/review/{f}/items/confirm-passing",
          "/console/shortlist/confirm", "/console/shortlist/decision", "/console/shortlist/picks/{f}",
          "/console/shortlist/picks/{f}/remove", "/console/shortlist/reopen"),
    404: ("/console/accounts/wechat/{absent}/status", "/console/leads/{absent}/assign", "/console/leads/{absent}/dismiss",
          "/console/panel/members/{absent}/chair", "/console/leads/{absent}/invite", "/console/articles",
          "/console/organizations/{own_org}/representative-invitations/{absent}/revoke",
          "/console/organizations/{own_org}/representatives/{absent}/revoke", "/console/accounts/{absent}",
          "/console/accounts/{absent}/status", "/console/articles/{absent}",
          "/console/articles/{absent}/cover", "/console/articles/{absent}/images", "/console/articles/{absent}/publish",
          "/console/articles/{absent}/unpublish", "/console/broadcasts/{absent}/cancel", "/console/broadcasts/{absent}/edit",
          "/console/broadcasts/{absent}/preview", "/console/broadcasts/{absent}/schedule", "/console/broadcasts/{absent}/send",
          "/console/leads/{absent}/nominate", "/console/review/{f}/items/identity"),
    400: ("/console/accounts", "/console/broadcasts", "/console/campaign/stage",
          "/console/likes/flags/{absent}/review", "/console/likes/holds/{f}/release", "/console/likes/voids",
          "/console/nominations/{f}/corrections", "/console/organizations", "/console/review/{f}/checks",
          "/console/review/{f}/decision"),
    422: ("/console/objections/{objection}/answer", "/console/objections/{objection}/notes",
          "/console/results/vacancies/{absent}/promote"),
    200: ("/console/organizations/{own_org}/representative-invitations",),
}
CHANGES += [Row("POST", path, org_post(status)) for status, paths in CONSOLE_POSTS.items() for path in paths]
CONSOLE_USER = {**CONSOLE_NONE, "expert": 200, "expert_conflicted": 200, "organizer": 200}
CHANGES += [
    Row("GET", "/console/me/security", {**CONSOLE_USER, "disabled": 302}),
    Row("POST", "/console/me/security", {**CONSOLE_USER, "disabled": 400}),
    Row("GET", "/console/me/new-password", roles(302), note="only after a reset: everyone else is sent on"),
    Row("POST", "/console/me/new-password", roles(302, disabled=400)),
    Row("GET", "/console/", roles(302), note="to the login, the expert's home or the dashboard"),
    Row("GET", "/console/login", {**roles(200), "expert": 302, "expert_conflicted": 302, "organizer": 302}),
    Row("GET", "/wechat/bot", roles(400), note="unsigned: refused whoever calls (tests/security/test_bot_matrix.py)"),
    Row("POST", "/wechat/bot", roles(400)),
    Row("POST", "/console/panel/rounds/close", org_post(302), note="closes the round: after every row that scores"),
    # session-ending rows last
    Row("POST", "/console/campaigns/next", org_post(302), note="without the confirmation fields nothing happens"),
    Row("GET", "/console/login/totp", roles(302), note="no second step pending: back to the login (still logged in)"),
    Row("POST", "/console/login/totp", roles(302, disabled=400)),
    Row("GET", "/console/dashboard", org_get(), note="again: the rows above logged nobody out"),
    Row("POST", "/console/login", roles(frozenset({401, 429}), disabled=400), data={"username": "x", "password": "y"},
        note="wrong credentials: 401, then 429 once the address has failed too often"),
    Row("POST", "/console/logout", roles(302, disabled=400)),
    Row("GET", "/console/dashboard", roles(302), note="after the logout, nobody is let in"),
]

