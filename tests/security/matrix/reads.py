"""Rows that change nothing: object-level reads, then every other rule one row each (run first)."""
from __future__ import annotations

from tests.security.matrix.shapes import (API_ORGANIZER, API_USER, CONSOLE_NONE, EVERYONE, NOWHERE, OBJECTOR_MOBILE,
                                          OTHER_EXPERTS_COMMENT, OWNER_READ, PUBLIC, SECRET_MOBILE, Row, See,
                                          org_get, roles)

READS: list[Row] = [
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
READS += [Row("GET", path, org_get()) for path in ORG_PAGES]
READS += [Row("GET", path, org_get(status), rule=rule) for rule, (path, status) in ORG_PAGES_OF.items()]

READS += [
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

