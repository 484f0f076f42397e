"""The second half of the whole-campaign test (tests/test_whole_campaign_flow.py), step by step over HTTP:
the panel scores in the console, a tie is decided, the results confirmed and published, an objection upheld
and its place filled, the awards recorded, certificates issued, verified and one revoked, next year's campaign
made, and a winner refused in it."""
from __future__ import annotations

import io
import re
import statistics
from collections import Counter

import sqlalchemy as sa
from openpyxl import load_workbook
from PIL import Image
from pyzbar.pyzbar import decode

from app.extensions import db
from app.models import Campaign, Certificate, Nomination, Objection, ResultEntry, User
from app.services.accounts.console_auth import create_account
from app.services.campaigns import stages
from tests.console.conftest import EXPERT, ConsoleClient, csrf_token
from tests.factories.nominations import complete_self_draft
from tests.factories.results import close_window

PASSWORD = "pingyi-2019!"
# (account, unit, kind); 孙教授 (the console fixture's expert) chairs. 吴总工程师 declares a conflict.
PANEL = (
    ({"username": EXPERT["username"], "password": EXPERT["password"], "name": EXPERT["name"]}, "江苏海洋大学", "expert"),
    ({"username": "qian", "password": PASSWORD, "name": "钱高工"}, "市港航物流集团", "leader"),
    ({"username": "lizhuren", "password": PASSWORD, "name": "李主任"}, "市人力资源和社会保障局", "leader"),
    ({"username": "zhaojishi", "password": PASSWORD, "name": "赵高级技师"}, "市职业技术学院", "expert"),
    ({"username": "wuzonggong", "password": PASSWORD, "name": "吴总工程师"}, "连云港海缘数控机床有限公司", "expert"),
)
SEVERITY = (1, -2, 2, -1, 0)  # each expert's marks, higher or lower on every criterion
CONFLICTED = 4
TIE_REASON = "两人得分相同。经评议组合议、组长裁定：前者技术革新成果已在全市推广应用，领军作用更突出。"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def console_as(app, who: dict) -> ConsoleClient:
    console = ConsoleClient(app.test_client())
    answer = console.login(who)
    assert answer.status_code == 302, text(answer.get_data(as_text=True))[:300]
    return console


def bearer(client, openid: str) -> dict:
    answer = client.post("/api/v1/auth/login", json={"code": openid})
    assert answer.status_code == 200, answer.get_json()
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def quality_place(index: int, count: int) -> int:
    """A fixed shuffle of the finalists' places (not the pick order)."""
    return (index * 7) % count


def base_total(place: int) -> int:
    return 95 - min(place, 9) - max(place - 10, 0)  # places 9 and 10 (0-based) level: the 10th/11th tie


def score_everything(app, zhou: ConsoleClient, finalists: list[int]) -> dict:
    """The panel formed in the console, the round opened, every expert scoring on their own page."""
    user_ids = {}
    for who, _unit, _kind in PANEL[1:]:
        create_account(who["username"], who["password"], "expert", who["name"], actor_label="test")
    db.session.commit()
    for who, _unit, _kind in PANEL:
        user_ids[who["username"]] = db.session.scalars(sa.select(User.id).where(User.username == who["username"])).one()
    for index, (who, unit, kind) in enumerate(PANEL):
        form = {"user_id": str(user_ids[who["username"]]), "unit": unit, "kind": kind}
        if index == 0:
            form["is_chair"] = "1"
        assert zhou.post("/console/panel/members", form, token_from="/console/panel").status_code == 302
    page = text(zhou.get("/console/panel").get_data(as_text=True))
    assert all(who["name"] in page for who, _, _ in PANEL)
    assert zhou.post("/console/panel/rounds/open", token_from="/console/panel").status_code == 302

    count = len(finalists)
    places = {nid: quality_place(i, count) for i, nid in enumerate(finalists)}
    conflicted = next(nid for nid, place in places.items() if place == 20)
    tied = sorted((nid for nid, place in places.items() if place in (9, 10)), key=places.get)
    for j, (who, _unit, _kind) in enumerate(PANEL):
        expert = console_as(app, who)
        home = text(expert.get("/console/expert").get_data(as_text=True))
        assert f"已提交 0 / {count}" in home, home[:400]
        for nid in finalists:
            url = f"/console/expert/finalists/{nid}"
            html = expert.get(url).get_data(as_text=True)
            if j == CONFLICTED and nid == conflicted:
                form = {"mode": "conflict", "conflict": "same_unit", "conflict_reason": "与本人同在一个公司工作，依规回避",
                        "action": "submit"}
            else:
                total = base_total(places[nid]) + SEVERITY[j]
                spread = 0 if nid in tied else (nid + j) % 3 - 1
                form = {"skill": total + spread, "mastery": total - spread, "leadership": total,
                        "contribution": total, "comment": "技艺精湛" if places[nid] < 10 else "", "action": "submit"}
            answer = expert.client.post(url, data={**form, "csrf_token": csrf_token(html)})
            assert answer.status_code == 302, text(answer.get_data(as_text=True))[:300]
        # Submitted sheets are final.
        again = expert.client.post(f"/console/expert/finalists/{finalists[0]}", data={
            "skill": 1, "mastery": 1, "leadership": 1, "contribution": 1, "action": "submit",
            "csrf_token": csrf_token(expert.get(f"/console/expert/finalists/{finalists[0]}").get_data(as_text=True))})
        assert again.status_code == 409 and "已提交" in text(again.get_data(as_text=True))
        done = text(expert.get("/console/expert").get_data(as_text=True))
        assert f"已提交 {count} / {count}" in done and ("回避 1" in done) == (j == CONFLICTED)
    return {"places": places, "conflicted": conflicted, "tied": tied, "user_ids": user_ids}


def rank_and_decide_the_tie(zhou: ConsoleClient, finalists: list[int], scored: dict) -> list[int]:
    """The round closed; the ranking shows raw and normalised means and the tie, which blocks confirmation until
    the chair's order is recorded. Returns the confirmed order."""
    assert zhou.post("/console/panel/rounds/close", token_from="/console/panel").status_code == 302
    page = text(zhou.get("/console/panel/ranking").get_data(as_text=True))
    assert "原始均分" in page and "标准化均分" in page and "回避" in page
    assert "第 10–11 名并列" in page
    refused = zhou.post("/console/panel/ranking/confirm", token_from="/console/panel/ranking")
    assert refused.status_code == 409 and "并列" in text(refused.get_data(as_text=True))

    # Every figure reproducible from the stored sheets: the export lists each expert's totals and the means.
    book = load_workbook(io.BytesIO(zhou.get("/console/panel/ranking.xlsx").data))
    rows = list(book["排名"].iter_rows(values_only=True))
    head, body = rows[0], [r for r in rows[1:53] if r and r[0]]
    assert len(body) == len(finalists) and all(r[4] is not None and r[5] is not None for r in body)
    names = {nid: db.session.get(Nomination, nid).name for nid in finalists}
    [abstained] = [r for r in body if r[2] == names[scored["conflicted"]]]
    totals = [abstained[head.index(f"{who['name']}（加权总分）")] for who, _, _ in PANEL]
    assert totals[CONFLICTED] == "回避"
    assert abs(statistics.fmean(totals[:CONFLICTED]) - abstained[4]) < 0.01  # a mean, not a sum: no penalty
    sheets = list(book["专家评分"].iter_rows(values_only=True))[1:]
    assert len(sheets) == len(PANEL) * len(finalists)

    first, second = scored["tied"]
    html = zhou.get("/console/panel/ranking").get_data(as_text=True)
    decided = zhou.client.post("/console/panel/ties/10/chair", data={
        "csrf_token": csrf_token(html), f"rank_{second}": "1", f"rank_{first}": "2", "reason": TIE_REASON})
    assert decided.status_code == 302
    assert zhou.post("/console/panel/ranking/confirm", token_from="/console/panel/ranking").status_code == 302
    page = text(zhou.get("/console/panel/ranking").get_data(as_text=True))
    assert "评议组组长裁定" in page and TIE_REASON[:12] in page
    places = {**scored["places"], second: 9, first: 10}  # the chair put the second of the two first
    return sorted(finalists, key=places.get)


def confirm_and_publish(zhou: ConsoleClient, client, ordered: list[int]) -> None:
    html = zhou.get("/console/results").get_data(as_text=True)
    posted = re.findall(r'name="order" value="(\d+)"', html)
    assert [int(i) for i in posted] == ordered, "the results page proposes the panel's confirmed order"
    answer = zhou.client.post("/console/results/confirm", data={"csrf_token": csrf_token(html), "order": posted})
    assert answer.status_code == 302, text(answer.get_data(as_text=True))[:300]
    assert client.get("/api/v1/results").get_json()["published"] is False
    assert zhou.post("/console/results/publish", token_from="/console/results").status_code == 302
    public = client.get("/api/v1/results").get_json()
    assert public["state"] == "open" and len(public["top_winners"]) == 10 and len(public["winners"]) == 40
    assert [w["nomination_id"] for w in public["top_winners"]] == ordered[:10]
    assert "mobile" not in str(public) and "birth" not in str(public)


def uphold_an_objection(zhou: ConsoleClient, client, ordered: list[int]) -> tuple[int, int]:
    """A member of the public objects to the 30th; the organizer investigates and upholds it; the 51st moves up."""
    target, newcomer = ordered[29], ordered[50]
    fan = bearer(client, "dev-flow-objector")
    answer = client.post("/api/v1/objections", headers=fan, json={
        "nomination_id": target, "real_name": "赵立新", "mobile": "13905181234", "relation": "colleague",
        "content": "被公示人所报“省技术能手”称号系冒用他人成果取得，本人系其同事，可提供相关证明材料。"})
    assert answer.status_code == 201, answer.get_json()
    objection_id = answer.get_json()["id"]
    listing = client.get("/api/v1/results").get_json()
    assert "赵立新" not in str(listing) and "13905181234" not in str(listing), "objections are never public"
    url = f"/console/objections/{objection_id}"
    assert zhou.client.post(f"{url}/notes", data={"csrf_token": csrf_token(zhou.get(url).get_data(as_text=True)),
                                                  "body": "经向省人社厅核实，该称号授予的是其师傅，被公示人冒用属实。"}
                            ).status_code == 302
    answer = zhou.post(f"{url}/answer", {"outcome": "upheld", "reason": "经核查，异议反映的问题属实，取消其评选资格。"},
                       token_from=url)
    assert answer.status_code == 302
    db.session.expire_all()
    assert db.session.get(Nomination, target).status == "disqualified"
    vacancy = db.session.scalars(sa.select(ResultEntry).where(ResultEntry.nomination_id == target)).one()
    assert vacancy.disqualified_at is not None, "recorded, not deleted"
    answer = zhou.post(f"/console/results/vacancies/{vacancy.id}/promote",
                       {"reason": "经评议组研究，按评议排名由第 51 名递补"}, token_from="/console/results")
    assert answer.status_code == 302, text(answer.get_data(as_text=True))[:300]
    public = client.get("/api/v1/results").get_json()
    named = [w["nomination_id"] for w in public["winners"]]
    assert newcomer in named and target not in named and len(named) == 40
    [change] = public["changes"]
    assert db.session.get(Nomination, newcomer).name in change["note"] and "递补" in change["note"]
    mine = client.get("/api/v1/me/objections", headers=fan).get_json()
    assert mine["items"][0]["status"] == "upheld"
    return target, newcomer


def award_and_certify(zhou: ConsoleClient, client, campaign: Campaign, ordered: list[int]) -> list[str]:
    """Awards refused while the notice runs, recorded after it; certificates issued, verified, one revoked."""
    switched = zhou.post("/console/campaign/stage", {"stage": "commendation", "reason": "公示结束，进入命名表彰"},
                         token_from="/console/campaign")
    assert switched.status_code == 302
    waiting = text(zhou.get("/console/awards").get_data(as_text=True))
    assert "暂不能登记表彰：公示期至" in waiting, "the page says why the awards wait"
    early = zhou.post("/console/awards/record", token_from="/console/awards", follow_redirects=True)
    assert "公示期至" in text(early.get_data(as_text=True)) and "期满后才能命名表彰" in text(early.get_data(as_text=True))
    close_window(campaign)  # as if the notice had ended: five working days later
    assert zhou.post("/console/awards/record", token_from="/console/awards").status_code == 302
    assert zhou.post("/console/awards/certificates", token_from="/console/awards").status_code == 302
    db.session.expire_all()
    serials = list(db.session.scalars(sa.select(Certificate.serial).order_by(Certificate.id)))
    assert len(serials) == 50 and len(set(serials)) == 50
    for serial in serials[:3] + serials[-2:]:
        picture = Image.open(io.BytesIO(zhou.get(f"/console/certificates/{serial}.png").data))
        [code] = decode(picture)
        link = code.data.decode()
        assert link.endswith(f"/verify/{serial}")
        page = client.get("/verify/" + link.rsplit("/verify/", 1)[1])
        assert page.status_code == 200 and "有效" in page.get_data(as_text=True)
    revoked = serials[-1]
    answer = zhou.post(f"/console/certificates/{revoked}/revoke", {"reason": "证书信息有误，已重新颁发"},
                       token_from="/console/awards")
    assert answer.status_code == 302
    assert "已撤销" in client.get(f"/verify/{revoked}").get_data(as_text=True)
    assert client.get(f"/api/v1/certificates/{revoked}").get_json()["valid"] is False
    assert client.get("/verify/GC2019-NOPE-NOPE").status_code == 404
    roll = client.get("/api/v1/honour-roll?year=2019").get_json()
    assert len([e for e in roll["items"] if e["year"] == 2019]) == 50
    return serials


def next_year_refuses_a_winner(zhou: ConsoleClient, client, winner_id: int) -> None:
    assert zhou.post("/console/campaigns/next", {"title": ""}, token_from="/console/awards").status_code == 302
    upcoming = db.session.scalars(sa.select(Campaign).order_by(Campaign.year.desc())).first()
    assert upcoming.year == 2020
    stages.set_override(upcoming, "nomination", actor_label="test")  # its first stage opens
    db.session.commit()
    assert stages.current_campaign().id == upcoming.id
    winner = db.session.get(Nomination, winner_id)
    headers = bearer(client, db.session.get(User, winner.nominee_user_id).openid)
    again = complete_self_draft(client, headers, name=winner.name, birth_month=winner.birth_month.strftime("%Y-%m"),
                                mobile=winner.mobile, employer_name=winner.employer_name)
    refused = client.post(f"/api/v1/nominations/{again}/submit", headers=headers)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "prior_winner"
    assert "2019年" in refused.get_json()["error"]["message"]


def events_by_nomination(events: tuple[str, ...]) -> dict[int, Counter]:
    from app.models import Notification

    found: dict[int, Counter] = {}
    for row in db.session.scalars(sa.select(Notification).where(Notification.event.in_(events))):
        nid = (row.data or {}).get("nomination_id")
        if nid is not None:
            found.setdefault(int(nid), Counter())[row.event] += 1
    return found


def objection_of(user_openid: str) -> Objection:
    user = db.session.scalars(sa.select(User).where(User.openid == user_openid)).one()
    return db.session.scalars(sa.select(Objection).where(Objection.user_id == user.id)).one()
