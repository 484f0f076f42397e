"""THE permission matrix: every URL rule of the app (API, console, verify pages, the bot callback, landing pages,
static files) against every role, with the status each one gets in the campaign of tests/security/world.py.

Read a row as: method, path (placeholders are ids of the world: {f} the finalist whose owner is `nominee`,
{g} another organization's finalist, {own_org}/{other_org}, {own_lead}/{other_lead}, {inbox} a message of the
nominee, {objection} someone else's objection to {f}, {f_file} F's ID photo, {f_cert} F's certificate (private),
{absent} an id nothing has),
then what each role gets. `roles(default, role=outcome…)` names the exceptions to a default.
An outcome is a status, or See(status, shows=…, hides=…): texts the answer must (not) contain.

The campaign is in the evaluation stage with the panel's round open, so acts of earlier stages answer their
stage's 409 once past the gate. The console answers a caller without a console session with a redirect to its
login (302); a disabled console account's session is gone (GET → 302 to the login, POST → 400: the form's
CSRF token died with the session). The API answers a disabled account's token 403 `account_disabled`
wherever it reads the caller (public reads do not); the caller is read before the body, so an anonymous
caller gets 401 whatever it sends (tested with bodies that do not validate).
Rows run in this order on one world: reads first, state-changing rows later, session-ending rows last.
Below the URL rules: the bot's text commands against the same roles (BOT_ROWS) and the WeChat emulator's
routes, which know callers by address, not role (EMULATOR_*). A rule, command or route without a row fails
tests/security/test_permission_matrix.py.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from tests.security.world import ROLES


@dataclass(frozen=True)
class See:
    status: int
    shows: tuple = ()
    hides: tuple = ()


@dataclass
class Row:
    method: str
    path: str
    expect: dict
    rule: str | None = None  # for the reader: the URL rule the path reaches (checked when given)
    json: object = None  # a body, or a function of the world's ids giving one
    data: object = None  # a form (console) or a multipart body builder (API uploads)
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def roles(default, **exceptions) -> dict:
    unknown = set(exceptions) - set(ROLES)
    assert not unknown, unknown
    return {role: exceptions.get(role, default) for role in ROLES}


def jpeg() -> dict:
    from tests.factories.nominations import jpeg_bytes

    return {"kind": "work_photo", "file": (io.BytesIO(jpeg_bytes((320, 240))), "w.jpg", "image/jpeg")}


def evidence() -> dict:
    from tests.factories.nominations import jpeg_bytes

    return {"file": (io.BytesIO(jpeg_bytes((320, 240))), "e.jpg", "image/jpeg")}


# --- profiles -------------------------------------------------------------------------------------------
PUBLIC = EVERYONE = roles(200)  # anyone: public reads do not read the token
NOWHERE = roles(404)  # nothing there for anyone (an id the world lacks)
API_USER = roles(200, anonymous=401, disabled=403)  # any logged-in WeChat user, about themselves
API_ORGANIZER = roles(403, anonymous=401, organizer=200)
CONSOLE_NONE = dict.fromkeys(("anonymous", "public", "nominee", "rep_own", "rep_other", "rep_revoked"), 302)


def org_get(organizer=200, **more) -> dict:
    """A console page for organizers: the others without a console session go to the login, experts 403."""
    return {**CONSOLE_NONE, "expert": 403, "expert_conflicted": 403, "organizer": organizer, "disabled": 302, **more}


def org_post(organizer, **more) -> dict:
    return {**CONSOLE_NONE, "expert": 403, "expert_conflicted": 403, "organizer": organizer, "disabled": 400, **more}


OWNER_READ = roles(404, anonymous=401, nominee=200, rep_own=200, organizer=200, disabled=403)
SECRET_MOBILE, OBJECTOR_MOBILE = "13805180001", "13905180000"  # F's mobile (form(1)) and the objector's
OTHER_EXPERTS_COMMENT = "钱高工草稿评语"

ROWS: list[Row] = [
    # --- object-level: another nominee's nomination and files --------------------------------------------------
    Row("GET", "/api/v1/nominations/{f}", roles(404, anonymous=401, disabled=403,
                                                nominee=See(200, shows=(SECRET_MOBILE,)),
                                                rep_own=See(200, shows=(SECRET_MOBILE,)), organizer=200),
        rule="/api/v1/nominations/<int:nomination_id>", note="the private view: owner, its organization, organizers"),
    Row("GET", "/api/v1/nominations/{g}", roles(404, anonymous=401, disabled=403, rep_other=200, organizer=200),
        note="another organization's nominee: the nominee and rep_own see nothing (404, as if absent)"),
    Row("GET", "/api/v1/nominations/{f}/form.docx", OWNER_READ,
        rule="/api/v1/nominations/<int:nomination_id>/form.docx"),
    Row("GET", "/api/v1/nominations/{g}/form.docx", roles(404, anonymous=401, disabled=403, rep_other=200,
                                                          organizer=200)),
    Row("GET", "/api/v1/files/{f_file}", roles(200, disabled=403), rule="/api/v1/files/<int:file_id>",
        note="a public finalist's photo is public (a token sent is checked: a disabled one is refused)"),
    Row("GET", "/api/v1/files/{f_cert}", {**OWNER_READ, "anonymous": 404},
        note="a certificate is private: owner, organization, organizers; 404 to the others, as if absent"),
    Row("GET", "/api/v1/files/{g_cert}", roles(404, disabled=403, rep_other=200, organizer=200)),
    # a file asked for under another nomination's path is not found, whoever asks
    Row("GET", "/console/expert/finalists/{g}/files/{f_file}", {**CONSOLE_NONE, "expert": 404,
                                                                "expert_conflicted": 404, "organizer": 403,
                                                                "disabled": 302}),
    # a finalist not assigned to an expert (G to the conflicted one): neither the sheet nor its files
    Row("GET", "/console/expert/finalists/{g}", {**CONSOLE_NONE, "expert": 200, "expert_conflicted": 404,
                                                 "organizer": 403, "disabled": 302}),
    Row("GET", "/console/expert/finalists/{g}/files/{g_file}", {**CONSOLE_NONE, "expert": 200,
                                                                "expert_conflicted": 404, "organizer": 403,
                                                                "disabled": 302}),
    Row("POST", "/console/expert/finalists/{g}", {**CONSOLE_NONE, "expert": 400, "expert_conflicted": 404,
                                                  "organizer": 403, "disabled": 400}),
    Row("GET", "/console/nominations/{g}/files/{f_cert}", org_get(404)),
    Row("GET", "/console/review/{g}/checks/files/{f_cert}", org_get(404)),
    Row("DELETE", "/api/v1/nominations/{g}/files/{f_file}", roles(404, anonymous=401, disabled=403, rep_other=409,
                                                                  organizer=403)),
    Row("GET", "/api/v1/nominees/{f}", roles(See(200, hides=(SECRET_MOBILE,))),
        rule="/api/v1/nominees/<int:nominee_id>", note="the public profile never carries the mobile"),
    # --- another organization's requests and leads ----------------------------------------------------------------
    *[Row("GET", f"/api/v1/organizations/{{{org}}}/{what}",
          roles(403, anonymous=401, disabled=403, organizer=200, **{rep: 200}),
          rule=f"/api/v1/organizations/<int:org_id>/{what}")
      for what in ("nominations", "endorsement-requests", "summary.xlsx")
      for org, rep in (("own_org", "rep_own"), ("other_org", "rep_other"))],
    Row("GET", "/api/v1/leads", roles(403, anonymous=401, disabled=403, organizer=200,
                                      rep_own=See(200, shows=("赵师傅",), hides=("钱师傅", "13900007701")),
                                      rep_other=See(200, shows=("钱师傅",), hides=("赵师傅", "13900007701"))),
        note="each representative sees the leads of their scope, contacts masked"),
    Row("POST", "/api/v1/leads/{other_lead}/contact", roles(403, anonymous=401, disabled=403, rep_own=404,
                                                            rep_other=200, organizer=200),
        rule="/api/v1/leads/<int:lead_id>/contact", note="a lead outside the scope is 404, as if absent"),
    Row("POST", "/api/v1/leads/{own_lead}/contact", roles(403, anonymous=401, disabled=403, rep_own=200,
                                                          rep_other=404, organizer=200)),
    # --- another user's inbox and subscriptions (every path is the caller's own: /me/…) --------------------------
    Row("GET", "/api/v1/me/notifications", roles(See(200, hides=("申报已提交",)), anonymous=401, disabled=403,
                                                 nominee=See(200, shows=("申报已提交",)))),
    Row("POST", "/api/v1/me/notifications/{inbox}/read",
        roles(See(200, shows=('"marked":0',)), anonymous=401, disabled=403, nominee=See(200, shows=('"marked":1',))),
        rule="/api/v1/me/notifications/<int:notification_id>/read",
        note="another user's message is not theirs to mark: 0 marked (the nominee goes last)"),
    Row("GET", "/api/v1/me/subscriptions", API_USER),
    Row("GET", "/api/v1/me/notification-preferences", API_USER),
    # --- an objection's objector data (never public) ---------------------------------------------------------------
    Row("GET", "/api/v1/results", roles(See(200, hides=(OBJECTOR_MOBILE, "李建国")))),
    Row("GET", "/api/v1/me/objections", roles(See(200, hides=(OBJECTOR_MOBILE,)), anonymous=401, disabled=403)),
    Row("GET", "/console/objections/{objection}", org_get(See(200, shows=(OBJECTOR_MOBILE,))),
        rule="/console/objections/<int:objection_id>"),
    Row("GET", "/console/objections", org_get()),
    # --- another expert's scores before the round closes -----------------------------------------------------------
    Row("GET", "/console/expert/finalists/{f}",
        {**CONSOLE_NONE, "expert": See(200, hides=(OTHER_EXPERTS_COMMENT,)),
         "expert_conflicted": See(200, hides=(OTHER_EXPERTS_COMMENT,)), "organizer": 403, "disabled": 302},
        rule="/console/expert/finalists/<int:nomination_id>",
        note="an expert's own sheet only; the conflicted expert sees F's sheet with the conflict declared"),
    Row("GET", "/console/panel/ranking", org_get(), note="the scores of all experts: organizers only"),
    Row("GET", "/console/panel/ranking.xlsx", org_get()),
    Row("GET", "/console/expert", {**CONSOLE_NONE, "expert": 200, "expert_conflicted": 200, "organizer": 403,
                                   "disabled": 302}),
    Row("GET", "/console/expert/finalists/{f}/files/{f_file}",
        {**CONSOLE_NONE, "expert": 200, "expert_conflicted": 200, "organizer": 403, "disabled": 302},
        rule="/console/expert/finalists/<int:nomination_id>/files/<int:file_id>"),
]

# --- every other rule, one row each -------------------------------------------------------------------------------
ORG_PAGES = ("/console/accounts", "/console/accounts/wechat", "/console/articles", "/console/audit", "/console/awards",
             "/console/awards/finance.xlsx", "/console/broadcasts", "/console/broadcasts/audience-count",
             "/console/campaign", "/console/dashboard", "/console/endorsement-checks", "/console/exports",
             "/console/honour-roll", "/console/leads", "/console/likes", "/console/nominations",
             "/console/nominations/export.xlsx", "/console/notifications", "/console/organizations", "/console/panel",
             "/console/results", "/console/review", "/console/shortlist")
ORG_PAGES_OF = {  # organizer pages of one object: rule → the world's object (404: none such in the world)
    "/console/leads/<int:lead_id>/contact": ("/console/leads/{own_lead}/contact", 200),
    "/console/nominations/<int:nomination_id>": ("/console/nominations/{f}", 200),
    "/console/nominations/<int:nomination_id>/attachment1.docx": ("/console/nominations/{f}/attachment1.docx", 200),
    "/console/nominations/<int:nomination_id>/files/<int:file_id>": ("/console/nominations/{f}/files/{f_cert}", 200),
    "/console/nominations/<int:nomination_id>/private": ("/console/nominations/{f}/private", 200),
    "/console/organizations/<int:org_id>": ("/console/organizations/{own_org}", 200),
    "/console/organizations/<int:org_id>/attachment2.xlsx": ("/console/organizations/{own_org}/attachment2.xlsx", 200),
    "/console/review/<int:nomination_id>": ("/console/review/{f}", 200),
    "/console/accounts/<int:user_id>": ("/console/accounts/{expert_user}", 200),
    "/console/articles/<int:article_id>": ("/console/articles/{absent}", 404),
    "/console/articles/<int:article_id>/preview": ("/console/articles/{absent}/preview", 404),
    "/console/articles/images/<int:image_id>": ("/console/articles/images/{absent}", 404),
    "/console/broadcasts/<int:broadcast_id>": ("/console/broadcasts/{absent}", 404),
    "/console/broadcasts/<int:broadcast_id>/progress": ("/console/broadcasts/{absent}/progress", 404),
    "/console/certificates/<string(maxlength=60):serial>.png": ("/console/certificates/NOSUCH.png", 404),
    "/console/endorsement-checks/letters/<int:letter_id>": ("/console/endorsement-checks/letters/{absent}", 404),
    "/console/exports/<int:export_id>/download": ("/console/exports/{absent}/download", 404),
    "/console/exports/<int:export_id>/status": ("/console/exports/{absent}/status", 404),
    "/console/objections/<int:objection_id>/files/<int:file_id>": ("/console/objections/{objection}/files/{absent}", 404),
    "/console/review/<int:nomination_id>/checks/files/<int:file_id>": ("/console/review/{f}/checks/files/{absent}", 404),
    "/console/shortlist/decisions/<int:decision_id>/minutes": ("/console/shortlist/decisions/{absent}/minutes", 404),
}
ROWS += [Row("GET", path, org_get()) for path in ORG_PAGES]
ROWS += [Row("GET", path, org_get(status), rule=rule) for rule, (path, status) in ORG_PAGES_OF.items()]

ROWS += [
    # public reads
    *[Row("GET", path, PUBLIC) for path in (
        "/api/v1/articles", "/api/v1/campaigns/current", "/api/v1/honour-roll", "/api/v1/leaderboard",
        "/api/v1/nominations/rules", "/api/v1/nominees", "/api/v1/notices", "/api/v1/notification-templates",
        "/api/v1/ping")],
    Row("GET", "/api/v1/nominees/{f}/poster", PUBLIC, rule="/api/v1/nominees/<int:nomination_id>/poster"),
    Row("GET", "/api/v1/nominees/{f}/share-card.png", PUBLIC,
        rule="/api/v1/nominees/<int:nomination_id>/share-card.png"),
    Row("GET", "/api/v1/campaigns/current/totals", PUBLIC),
    Row("GET", "/metrics", EVERYONE, note="gated by the caller's address or METRICS_TOKEN, not by role: the test "
                                          "client is loopback (refusals: tests/observability/test_metrics.py)"),
    *[Row("GET", path, EVERYONE) for path in ("/api/openapi.json", "/healthz")],
    Row("GET", "/console/static/console.css", EVERYONE, rule="/console/static/<path:filename>"),
    Row("GET", "/mp/nominee", EVERYONE, rule="/mp/<any(endorse, representative, nominee):page>"),
    Row("GET", "/static/nothing.css", roles(404), rule="/static/<path:filename>", note="the app serves no /static"),
    Row("GET", "/verify/NOSUCHSERIAL", roles(404), rule="/verify/<string(maxlength=60):serial>",
        note="the certificate check page reads no token"),
    Row("GET", "/api/v1/files/{f_file}/thumb/0123456789abcdef.jpg", roles(404, disabled=403),
        note="a size under a stale hash"),
    *[Row("GET", path, NOWHERE, rule=rule) for rule, path in (
        ("/api/v1/article-images/<int:image_id>", "/api/v1/article-images/{absent}"),
        ("/api/v1/articles/<int:article_id>", "/api/v1/articles/{absent}"),
        ("/api/v1/certificates/<string(maxlength=60):serial>", "/api/v1/certificates/NOSUCHSERIAL"),
        ("/api/v1/notices/<int:notice_id>", "/api/v1/notices/{absent}"))],
    # about oneself
    *[Row("GET", path, API_USER) for path in (
        "/api/v1/me", "/api/v1/me/leads", "/api/v1/me/likes/today", "/api/v1/me/nominations",
        "/api/v1/me/notifications/unread-count", "/api/v1/organizations/mine")],
    # the organizer's API
    Row("GET", "/api/v1/endorsement-checks", API_ORGANIZER),
    Row("GET", "/api/v1/organizations/{own_org}/representatives", API_ORGANIZER,
        rule="/api/v1/organizations/<int:org_id>/representatives", note="representatives do not list each other"),
    Row("GET", "/api/v1/endorsement-letters/{absent}", roles(404, anonymous=401, disabled=403),
        rule="/api/v1/endorsement-letters/<int:letter_id>"),
    # tokens in the path: a bogus one is 404 for anyone logged in
    *[Row(method, "/api/v1/" + path, roles(404, anonymous=401, disabled=403), rule="/api/v1/" + rule, json=body)
      for method, rule, path, body in (
          ("GET", "endorsements/<token>", "endorsements/nosuchtoken", None),
          ("GET", "representative-invitations/<token>", "representative-invitations/nosuchtoken", None),
          ("POST", "representative-invitations/<token>", "representative-invitations/nosuchtoken", None),
          ("POST", "endorsements/<token>", "endorsements/nosuchtoken", {"decision": "confirm"}))],
    # the nomination's owner and organization (F is a finalist: its acts of the nomination stage are over)
    Row("GET", "/api/v1/nominations/{f}/endorsement-qr",
        roles(404, anonymous=401, disabled=403, nominee=409, rep_own=409, organizer=409),
        rule="/api/v1/nominations/<int:nomination_id>/endorsement-qr"),
    Row("PATCH", "/api/v1/nominations/{f}", roles(404, anonymous=401, disabled=403, nominee=409, rep_own=409,
                                                  organizer=403), rule="/api/v1/nominations/<int:nomination_id>",
        json={"brief": "改一改"}),
    Row("DELETE", "/api/v1/nominations/{f}/files/{f_file}",
        roles(404, anonymous=401, disabled=403, nominee=409, rep_own=409, organizer=403),
        rule="/api/v1/nominations/<int:nomination_id>/files/<int:file_id>"),
    *[Row("POST", f"/api/v1/nominations/{{f}}/{act}",
          roles(404, anonymous=401, disabled=403, nominee=403, rep_own=409, organizer=403),
          rule=f"/api/v1/nominations/<int:nomination_id>/{act}") for act in ("submit", "withdraw", "invitation")],
    Row("POST", "/api/v1/organizations/{own_org}/nominations",
        roles(403, anonymous=401, rep_own=409), rule="/api/v1/organizations/<int:org_id>/nominations",
        json={"name": "张三"}),
    Row("POST", "/api/v1/leads/{own_lead}/invitation", roles(403, anonymous=401, rep_own=201, rep_other=404,
                                                            organizer=201),
        rule="/api/v1/leads/<int:lead_id>/invitation"),
]

LEAD = {"name": "孙师傅", "employer": "海州某厂", "trade": "焊工", "reason": "扎根一线二十年，带徒十二名，多次获奖。"}
OBJECTION = {"real_name": "张三", "mobile": "13900001111", "relation": "public",
             "content": "公示材料与本人了解的情况不符，请核实其获奖证书。"}
# --- state-changing rows: each one's allowed call changes nothing the later rows read ------------------------------
ROWS += [
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
ROWS += [Row("POST", path, org_post(status)) for status, paths in CONSOLE_POSTS.items() for path in paths]
CONSOLE_USER = {**CONSOLE_NONE, "expert": 200, "expert_conflicted": 200, "organizer": 200}
ROWS += [
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


# --- the bot's text commands (the official account), one row per command ----------------------------------------
# Every role writes as their own follower (mp-<role>), known by unionid as the same person; `anonymous` is a
# follower nobody knows yet. The campaign is in evaluation: likes and leads are closed for everyone, and a
# disabled account is refused whatever it asks that acts or reads its own data.
@dataclass
class BotRow:
    text: str
    expect: dict
    note: str = ""


DISABLED = See(200, shows=("该账号已停用",))
NOMINEE_NAME, LEAD_NAME = "钱建国", "赵师傅"  # F's name (form(1)); a lead of someone else
BOT_ROWS: list[BotRow] = [
    BotRow("帮助", roles(See(200, shows=("您可以发送",)))),
    BotRow(f"搜索 {NOMINEE_NAME}", roles(See(200, shows=(NOMINEE_NAME,), hides=(SECRET_MOBILE,)))),
    BotRow("点赞 {f}", roles(See(200, shows=("点赞",)), disabled=DISABLED), note="closed in evaluation: a refusal"),
    BotRow("推荐 张三 连云港港口集团 港口机械维修 扎根一线二十年，带徒十二名",
           roles(See(200, hides=("线索已收到",)), disabled=DISABLED), note="closed in evaluation"),
    BotRow("进度", roles(See(200, hides=(NOMINEE_NAME, LEAD_NAME)), nominee=See(200, shows=(NOMINEE_NAME,)),
                       rep_own=See(200, shows=(NOMINEE_NAME,)), disabled=DISABLED),
           note="only one's own: the nominee's, and what a current representative filed (not once revoked)"),
    BotRow("排行", roles(See(200, hides=(SECRET_MOBILE,)))),
    BotRow("文章", roles(See(200, shows=("推介文章",)))),
    BotRow("公示", roles(See(200, shows=("尚未公示",), hides=(OBJECTOR_MOBILE,)))),
    BotRow("通知", roles(See(200, shows=("暂无通知",)))),
    BotRow("随便说说", roles(See(200, shows=("没有看懂",))), note="anything else: the help"),
]

# --- the WeChat emulator (mounted at /_wechat-emulator in development and tests; never in production) -----------
# Roles do not exist there: WeChat's API paths answer anyone as WeChat would (an access token decides), the
# inspection paths answer loopback callers (or the X-Dev-Access-Key) only: errcode 40164, HTTP 403, elsewhere.
EMULATOR_INSPECTION = ("GET /sent", "DELETE /sent", "POST /followers", "POST /followers/o-x/interactions",
                       "POST /subscribe/faults", "POST /subscribe/grants", "GET /subscribe/grants",
                       "POST /subscribe/pages", "POST /subscribe/quota", "GET /subscribe/templates",
                       "POST /subscribe/templates", "POST /tokens/expire")
EMULATOR_WECHAT_API = ("POST /cgi-bin/menu/create", "GET /cgi-bin/menu/get", "POST /cgi-bin/message/custom/send",
                       "POST /cgi-bin/message/mass/sendall", "POST /cgi-bin/message/subscribe/send",
                       "POST /cgi-bin/message/template/send", "POST /cgi-bin/qrcode/create", "GET /cgi-bin/token",
                       "GET /cgi-bin/user/info", "GET /mp/cgi-bin/showqrcode", "GET /sns/jscode2session",
                       "POST /wxa/getuserriskrank", "POST /wxa/getwxacodeunlimit", "POST /wxa/msg_sec_check",
                       "GET /static/nothing.png")
