"""Objection handling in Chromium at 1440×900 as an organizer works it: the results page, the queue, an objection's
page (a note with a finding, the answer), the 递补 decision; with a screenshot of each page into tests/artifacts/."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Nomination
from app.services.campaigns import stages
from app.services.results import notice, objections
from tests.console.conftest import ARTIFACTS, browser_login
from tests.factories.likes import make_user
from tests.factories.nominations import jpeg_bytes
from tests.results.console_helpers import demo_finalists

FITS = "t => t.getBoundingClientRect().right <= document.documentElement.clientWidth"


@pytest.fixture
def wide(page, accounts):
    page.set_viewport_size({"width": 1440, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    page.on("dialog", lambda dialog: dialog.accept())  # the answer form asks "确定提交答复吗？"
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)


def test_an_objection_is_investigated_answered_and_the_next_moves_up(wide, accounts, tmp_path):
    page = wide
    finalists = demo_finalists(6)
    browser_login(page)
    page.click("nav .menu >> text=结果公示")
    page.wait_for_url("**/console/results")
    expect(page.locator("#ranking-source")).to_be_visible()
    shot(page, "results-confirm")
    page.click("#confirm-results")
    expect(page.locator("#publish-notice")).to_be_visible()
    page.click("#publish-notice")
    expect(page.locator("#notice-state")).to_have_text("公示中")

    objector = make_user("objector")
    objection = objections.create(objector, {
        "real_name": "李明", "mobile": "13912345678", "relation": "colleague", "nomination_id": finalists[3].id,
        "content": "该同志申报的省级技能大赛名次与实际不符，大赛成绩册上为第五名，申报材料写为第一名，请核查。"})
    objections.attach_evidence(objector, objection.id, "成绩册.jpg", jpeg_bytes())

    page.click(".state-tabs >> text=公示异议")
    expect(page.locator("#objections-table tbody tr")).to_have_count(1)
    shot(page, "objections-queue")
    page.click(f"#objections-table >> text=第{objection.id}号")
    expect(page.locator("#objection-state")).to_have_text("已收到")
    finding = tmp_path / "核实函.jpg"
    finding.write_bytes(jpeg_bytes())
    page.fill("#note-form textarea[name=body]", "已向省技能大赛组委会书面核实：该同志实际名次为第五名。")
    page.set_input_files("#note-form input[name=files]", str(finding))
    page.click("#note-form button[type=submit]")
    expect(page.locator("#objection-state")).to_have_text("核查中")
    expect(page.locator("#notes-table")).to_contain_text("第五名")
    page.check("#answer-form input[value=upheld]")
    page.fill("#answer-form textarea[name=reason]", "经向大赛组委会核实，申报名次与实际不符，异议属实。")
    shot(page, "objection-page")
    assert page.locator(".review-grid").evaluate(FITS)
    page.click("#submit-answer")
    expect(page.locator("#objection-state")).to_have_text("予以支持")
    expect(page.locator("#nominee-status")).to_have_text("取消资格")
    shot(page, "objection-answered")

    page.click("#answer >> text=评选结果")
    vacancy = page.locator("article.vacancy")
    expect(vacancy).to_contain_text(finalists[4].name)
    vacancy.locator("textarea[name=reason]").fill("经评议组研究，按排名由第 5 名递补为“港城工匠”。")
    shot(page, "results-vacancy")
    vacancy.locator("button.promote").click()
    expect(page.locator("article.vacancy")).to_have_count(0)
    expect(page.locator(f'#results-table tr[data-nomination="{finalists[4].id}"]')).to_contain_text("港城工匠")
    shot(page, "results-after-promotion")
    db.session.expire_all()
    assert db.session.get(Nomination, finalists[4].id).status == "winner"
    changes = notice.public_results(stages.current_campaign())["changes"]
    assert [c["note"] for c in changes] == [
        f"{finalists[3].name}经核查被取消“港城工匠”资格，由{finalists[4].name}递补为“港城工匠”"]
