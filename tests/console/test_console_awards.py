"""The console's 表彰奖励 and 荣誉榜 pages over HTTP: record, check the medal, move items, issue, revoke,
download the finance workbook, import the roll, create next year's campaign."""
from __future__ import annotations

import io
import re

import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from app.extensions import db
from app.models import Award, Campaign, Certificate, HonourRollEntry, Nomination
from app.services.campaigns import stages
from tests.factories.results import final_results


def make_winners(tops: int = 2, winners: int = 3) -> list[Nomination]:
    """The demo's first submitted nominations named through the results services, the notice over."""
    rows = list(db.session.scalars(sa.select(Nomination).where(Nomination.status == "submitted")
                                   .order_by(Nomination.id).limit(tops + winners)))
    final_results(stages.current_campaign(), rows, tops, winners)
    return rows


def test_an_organizer_records_awards_and_issues_and_revokes_certificates(organizer_console, client):
    winners = make_winners()
    page = organizer_console.get("/console/awards").get_data(as_text=True)
    assert "表彰奖励" in page and "5 名待登记" in page
    assert organizer_console.post("/console/awards/record", token_from="/console/awards").status_code == 302
    page = organizer_console.get("/console/awards").get_data(as_text=True)
    assert winners[0].name in page and "待市总工会审核" in page and "¥10,000" in page and "¥4,000" in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HonourRollEntry)) >= 5

    top = db.session.scalars(sa.select(Award).where(Award.nomination_id == winners[0].id)).one()
    refused = organizer_console.post(f"/console/awards/{top.id}/item", {"item": "medal", "state": "prepared",
                                     "on": "2019-11-05"}, token_from="/console/awards", follow_redirects=True)
    assert "须经市总工会审核通过" in refused.get_data(as_text=True)
    organizer_console.post(f"/console/awards/{top.id}/medal", {"result": "passed", "on": "2019-11-03",
                           "note": "市总工会复函"}, token_from="/console/awards")
    organizer_console.post(f"/console/awards/{top.id}/item", {"item": "prize", "state": "paid", "on": "2019-11-25"},
                           token_from="/console/awards")
    db.session.expire_all()
    assert db.session.get(Award, top.id).medal_check == "passed"
    assert db.session.get(Award, top.id).items["prize"] == {"state": "paid", "on": "2019-11-25"}

    organizer_console.post("/console/awards/certificates", token_from="/console/awards")
    serials = list(db.session.scalars(sa.select(Certificate.serial)))
    assert len(serials) == 5
    png = organizer_console.get(f"/console/certificates/{serials[0]}.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    organizer_console.post(f"/console/certificates/{serials[0]}/revoke", {"reason": "称号被撤销"},
                           token_from="/console/awards")
    assert "证书已撤销" in client.get(f"/verify/{serials[0]}").get_data(as_text=True)

    book = organizer_console.get("/console/awards/finance.xlsx")
    assert book.status_code == 200
    rows = list(load_workbook(io.BytesIO(book.data)).active.iter_rows(values_only=True))
    assert rows[-1][5] == 2 * 10000 + 3 * 4000
    audit = organizer_console.get("/console/audit").get_data(as_text=True)
    for words in ("登记了", "五一劳动奖章审核结果", "颁发了", "撤销了", "表彰奖励发放表"):
        assert words in audit


def test_the_honour_roll_page_previews_then_imports(organizer_console):
    book = Workbook()
    book.active.append(["年度", "称号", "姓名", "工作单位"])
    book.active.append([2016, "港城工匠", "蒋承志", "连云港碱业"])
    book.active.append([2016, "金牌工匠", "错误行", "某厂"])
    out = io.BytesIO()
    book.save(out)
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      organizer_console.get("/console/honour-roll").get_data(as_text=True))[1]
    preview = organizer_console.client.post("/console/honour-roll/import", data={
        "csrf_token": token, "confirm": "0", "file": (io.BytesIO(out.getvalue()), "roll.xlsx")},
        content_type="multipart/form-data")
    text = preview.get_data(as_text=True)
    assert "可导入 <b>1</b> 条" in text and "第 3 行：称号应为" in text
    refused = organizer_console.client.post("/console/honour-roll/import", data={
        "csrf_token": token, "confirm": "1", "file": (io.BytesIO(out.getvalue()), "roll.xlsx")},
        content_type="multipart/form-data", follow_redirects=True)
    assert "错误" in refused.get_data(as_text=True)
    assert not db.session.scalars(sa.select(HonourRollEntry).where(HonourRollEntry.name == "蒋承志")).first()


def test_next_years_campaign_from_the_console(organizer_console):
    organizer_console.post("/console/campaigns/next", {"title": ""}, token_from="/console/awards")
    years = list(db.session.scalars(sa.select(Campaign.year).order_by(Campaign.year)))
    assert years == [2019, 2020]
    assert "创建了2020年度活动" in organizer_console.get("/console/audit").get_data(as_text=True)


def test_experts_may_not_open_the_awards_pages(console):
    from tests.console.conftest import EXPERT

    console.login(EXPERT)
    assert console.get("/console/awards").status_code == 403
    assert console.get("/console/honour-roll").status_code == 403
