"""专家评议 over HTTP: the organizer forms the panel and runs the round, experts score or abstain on their own
pages, progress and reminders, the ranking with a tie decided by the chair, the confirmation and the workbook."""
from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.models import AuditEntry, Notification, PanelScore
from app.services.panel import ranking
from tests.console.conftest import EXPERT, csrf_token
from tests.console.panel_helpers import SECOND_EXPERT, finalists_demo, panel_of_two, scored_with_a_tie, user


def test_the_organizer_forms_the_panel_and_opens_the_round(organizer_console):
    finalists = finalists_demo()
    page = organizer_console.get("/console/panel")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'href="/console/panel" aria-current="page"' in html
    assert "孙教授（sun）" in html  # an expert account to add
    added = organizer_console.post("/console/panel/members", {"user_id": user(EXPERT["username"]).id, "unit": "",
                                                              "kind": "expert"}, token_from="/console/panel")
    assert added.status_code == 302
    assert "请填写所在单位" in organizer_console.get("/console/panel").get_data(as_text=True)
    organizer_console.post("/console/panel/members", {"user_id": user(EXPERT["username"]).id, "unit": "连云港港口集团",
                                                      "kind": "leader", "is_chair": "1"}, token_from="/console/panel")
    html = organizer_console.get("/console/panel").get_data(as_text=True)
    assert "连云港港口集团" in html and "相关单位领导" in html and f"{len(finalists)} / {len(finalists)}" in html
    opened = organizer_console.post("/console/panel/rounds/open", token_from="/console/panel")
    assert opened.status_code == 302
    html = organizer_console.get("/console/panel").get_data(as_text=True)
    assert "第 1 轮评议已开始" in html and 'id="member-progress"' in html and "未完成（差 6 人）" in html
    told = db.session.scalars(sa.select(Notification).where(Notification.event == "panel_round_opened")).all()
    assert [n.user_id for n in told] == [user(EXPERT["username"]).id]


def test_an_expert_scores_abstains_and_cannot_change_after_submitting(organizer_console, console):
    p = panel_of_two()
    from app.services.panel import rounds
    rounds.open_main(p["organizer"], p["campaign"])
    first, second = p["finalists"][0].id, p["finalists"][1].id
    console.client.post("/console/logout", data={"csrf_token": csrf_token(console.get("/console/panel").get_data(as_text=True))})
    assert console.login(EXPERT).status_code == 302
    assert console.get("/console/panel").status_code == 403  # organizers' page
    home = console.get("/console/expert").get_data(as_text=True)
    assert "已提交 <strong>0</strong> / 6" in home and home.count("未评分") == 6
    sheet_url = f"/console/expert/finalists/{first}"
    sheet = console.get(sheet_url).get_data(as_text=True)
    assert "技能水平" in sheet and "考察审核记录" in sheet and "事迹简介" in sheet
    assert p["finalists"][0].mobile not in sheet  # private fields never on the expert's page

    bad = console.post(sheet_url, {"mode": "score", "skill": "120", "mastery": "80", "leadership": "80",
                                   "contribution": "", "action": "save"})
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "技能水平得分应在 0–100 之间" in html and "请填写突出贡献得分" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PanelScore)) == 0

    saved = console.post(sheet_url, {"mode": "score", **{k: "80" for k in ("skill", "mastery", "leadership")},
                                     "contribution": "90", "comment": "绝活过硬", "action": "save"})
    assert saved.status_code == 302
    console.post(sheet_url, {"mode": "score", **{k: "82" for k in ("skill", "mastery", "leadership", "contribution")},
                             "action": "submit"})
    refused = console.post(sheet_url, {"mode": "score", **{k: "10" for k in ("skill", "mastery", "leadership",
                                                                             "contribution")}, "action": "submit"})
    assert refused.status_code == 409 and "评分已提交，不能再修改" in refused.get_data(as_text=True)

    abstained = console.post(f"/console/expert/finalists/{second}",
                             {"mode": "conflict", "conflict": "relative", "conflict_reason": "表兄弟", "action": "submit"})
    assert abstained.status_code == 302
    home = console.get("/console/expert").get_data(as_text=True)
    assert "已提交 <strong>2</strong> / 6（其中回避 1）" in home and "已回避" in home
    sheets = {s.nomination_id: s for s in db.session.scalars(sa.select(PanelScore))}
    assert sheets[first].scores == {k: 82 for k in ("skill", "mastery", "leadership", "contribution")}
    assert sheets[second].conflict == "relative" and sheets[second].scores == {}

    # 钱高工 sees only their own sheet: no figure of 孙教授's on it
    console.client.post("/console/logout", data={"csrf_token": csrf_token(home)})
    console.login(SECOND_EXPERT)
    other = console.get(sheet_url).get_data(as_text=True)
    assert 'value="82"' not in other and "绝活过硬" not in other


def test_progress_reminder_tie_decision_confirmation_and_workbook(organizer_console):
    p = panel_of_two()
    from app.services.panel import rounds
    rounds.open_main(p["organizer"], p["campaign"])
    reminded = organizer_console.post("/console/panel/remind", token_from="/console/panel")
    assert reminded.status_code == 302
    assert "已提醒 2 位尚未完成评分的专家" in organizer_console.get("/console/panel").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                             .where(Notification.event == "panel_reminder")) == 2
    scored_with_a_tie(p, opened=True)

    page = organizer_console.get("/console/panel/ranking")
    html = page.get_data(as_text=True)
    assert "第 2–3 名并列" in html and "排名暂不能确认" in html and 'id="confirm-ranking"' not in html
    refused = organizer_console.post("/console/panel/ranking/confirm", token_from="/console/panel/ranking")
    assert refused.status_code == 409 and "第 2–3 名并列" in refused.get_data(as_text=True)
    second, third = p["finalists"][1].id, p["finalists"][2].id
    no_reason = organizer_console.post("/console/panel/ties/2/chair", {f"rank_{second}": "2", f"rank_{third}": "1",
                                                                      "reason": ""}, token_from="/console/panel/ranking")
    assert no_reason.status_code == 302
    html = organizer_console.get("/console/panel/ranking").get_data(as_text=True)
    assert "请填写组长裁定的理由" in html and "第 2–3 名并列" in html
    organizer_console.post("/console/panel/ties/2/chair", {f"rank_{second}": "2", f"rank_{third}": "1",
                                                           "reason": "绝技绝活更突出"}, token_from="/console/panel/ranking")
    html = organizer_console.get("/console/panel/ranking").get_data(as_text=True)
    assert "排名暂不能确认" not in html and "评议组组长裁定" in html and "绝技绝活更突出" in html
    organizer_console.post("/console/panel/ranking/confirm", token_from="/console/panel/ranking")
    assert "排名已确认" in organizer_console.get("/console/panel/ranking").get_data(as_text=True)
    order = ranking.confirmed_order(p["campaign"])
    assert order[:3] == [p["finalists"][0].id, third, second]

    download = organizer_console.get("/console/panel/ranking.xlsx")
    assert download.status_code == 200 and "xlsx" in download.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.data))
    assert [r[2] for r in book["排名"].iter_rows(min_row=2, max_row=4, values_only=True)] == \
        [p["finalists"][0].name, p["finalists"][2].name, p["finalists"][1].name]
    log = organizer_console.get("/console/audit").get_data(as_text=True)
    assert "确认了" in log and "评议组组长" in log
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.action.like("panel.%"))))
    assert {"panel.member_added", "panel.round_opened", "panel.reminded", "panel.score_submitted",
            "panel.tie_decided", "panel.ranking_confirmed", "panel.ranking_exported"} <= actions


def test_a_tie_break_round_from_the_ranking_page_asks_the_experts_only_about_the_tied(organizer_console, client):
    p = panel_of_two()
    scored_with_a_tie(p)
    started = organizer_console.post("/console/panel/ties/2/round", token_from="/console/panel/ranking")
    assert started.status_code == 302
    html = organizer_console.get("/console/panel/ranking").get_data(as_text=True)
    assert "第 2 轮并列加评已开始" in html and "加评轮次" in html
    from tests.console.conftest import ConsoleClient
    expert = ConsoleClient(client.application.test_client())
    expert.login(EXPERT)
    home = expert.get("/console/expert").get_data(as_text=True)
    assert "第 2 轮并列加评" in home and "已提交 <strong>0</strong> / 2" in home
    assert p["finalists"][1].name in home and p["finalists"][0].name not in home
