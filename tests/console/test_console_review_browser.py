"""考察审核 in Chromium at 1440×900 as an organizer works it: the queue with its filters and counts, a review
page (checklist confirmed with htmx, a check record with a file, the decision), a stale page's 409; with a
screenshot of each page into tests/artifacts/."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Nomination, NominationChannel, User
from app.services.campaigns import stages
from tests.console.conftest import ARTIFACTS, browser_login
from tests.factories.nominations import pdf_bytes


@pytest.fixture
def wide(page, accounts):
    page.set_viewport_size({"width": 1440, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    stages.set_override(stages.current_campaign(), "review", actor_label="test")
    db.session.commit()
    page.on("dialog", lambda dialog: dialog.accept())  # the decision forms ask "确认…？"
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)


FITS = "t => t.getBoundingClientRect().right <= document.documentElement.clientWidth"
LINES = ("el => { const r = document.createRange(); r.selectNodeContents(el);"
         " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }")


def _nomination(channel=NominationChannel.union, k: int = 0) -> Nomination:
    return list(db.session.scalars(sa.select(Nomination).where(
        Nomination.channel == channel, Nomination.status.in_(("submitted", "endorsed"))).order_by(Nomination.id)))[k]


def test_the_review_queue_filters_and_counts(wide):
    page = wide
    browser_login(page)
    page.click("nav .menu >> text=考察审核")
    page.wait_for_url("**/console/review")
    rows = page.locator("#review-table tbody tr")
    expect(rows).to_have_count(20)
    expect(page.locator('#state-tabs a[data-state="open"] .count')).to_have_text("58")
    shot(page, "review-queue")
    assert page.locator("#review-table").evaluate(FITS)  # every column visible at 1,440 px
    for cell in page.locator("#review-table tbody td:nth-child(2)").all():
        assert cell.evaluate(LINES) == 1, cell.inner_text()

    selfs = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.channel == NominationChannel.self_nomination, Nomination.status == "endorsed"))
    page.select_option("#review-filters select[name=channel]", "self")  # htmx swaps rows and counts in place
    expect(rows).to_have_count(selfs)
    expect(page.locator('#state-tabs a[data-state="open"] .count')).to_have_text(str(selfs))
    page.select_option("#review-filters select[name=priority]", "chief")
    chiefs = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.channel == NominationChannel.self_nomination, Nomination.status == "endorsed",
        Nomination.priority_chief_employee.is_(True)))
    expect(rows).to_have_count(chiefs or 1)
    shot(page, "review-queue-filtered")


def test_a_review_page_from_checklist_to_decision(wide):
    page = wide
    nomination = _nomination()
    browser_login(page)
    page.goto(f"/console/review/{nomination.id}")
    expect(page.locator("#nominee-name")).to_contain_text(nomination.name)
    expect(page.locator("#decide-qualified")).to_be_disabled()
    shot(page, "review-page")

    page.click("#confirm-passing button")
    expect(page.locator('tr[data-item="materials"] .result')).to_have_text("符合")
    # The items that need a person: a note and 符合, answered by htmx without leaving the page.
    version_before = page.locator("#version-qualified").get_attribute("value")
    for key in page.locator('tr[data-auto="manual"]').evaluate_all("rows => rows.map(r => r.dataset.item)"):
        row = page.locator(f'tr[data-item="{key}"]')
        row.locator("input[name=note]").fill("经实地了解，情况属实")
        row.locator('button[value="pass"]').click()
        expect(page.locator(f'tr[data-item="{key}"] .result')).to_have_text("符合")
    assert page.locator("#version-qualified").get_attribute("value") != version_before  # the new version, out of band
    expect(page.locator("#decide-qualified")).to_be_enabled()

    page.select_option("#check-form select[name=method]", "written_confirmation")
    page.fill("#check-form input[name=checked_by]", "周姝彤、苏常霞")
    page.fill("#check-form textarea[name=notes]", "市人社局出具书面证明：2018年市职工技能大赛成绩属实。")
    page.set_input_files("#check-form input[name=files]", files=[
        {"name": "人社局证明.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}])
    page.click("#check-form button[type=submit]")
    expect(page.locator("#check-table")).to_contain_text("相关部门书面认证")
    expect(page.locator("#check-table")).to_contain_text("人社局证明.pdf")
    shot(page, "review-page-checked")

    page.fill("#form-qualified textarea[name=note]", "材料真实，符合推荐条件")
    page.click("#decide-qualified")
    expect(page.locator("#decision-result")).to_contain_text("审核合格")
    expect(page.locator(".notice").first).to_contain_text("已通知被推荐人及推荐单位")
    shot(page, "review-page-decided")
    db.session.expire_all()
    assert db.session.get(Nomination, nomination.id).status == "qualified"


def test_a_return_and_a_stale_page(wide):
    page = wide
    nomination = _nomination(NominationChannel.self_nomination)
    browser_login(page)
    page.goto(f"/console/review/{nomination.id}")
    page.locator('#form-returned input[value="work_photo"]').check()
    page.fill("#form-returned textarea[name=note]", "现有工作照不清晰，请重新拍摄")
    deadline = stages.local_today(stages.current_campaign()).isoformat()
    page.fill("#form-returned input[name=resubmit_by]", deadline)
    page.click("#decide-returned")
    expect(page.locator("#decision-result")).to_contain_text("退回补充")
    expect(page.locator("#decision-note")).to_contain_text("请补充：工作照2张。说明：现有工作照不清晰，请重新拍摄。")

    other = _nomination(NominationChannel.union, 1)
    page.goto(f"/console/review/{other.id}")
    from app.services.review import decisions

    colleague = db.session.scalars(sa.select(User).where(User.username == "zhou")).one()
    decisions.reject(colleague, other.id, 0, "经核实，不符合推荐条件")  # decided while this page was open
    page.fill("#form-rejected textarea[name=reason]", "不符合条件")
    page.click("#decide-rejected")
    expect(page.locator("#review-problem")).to_contain_text("该推荐对象已由周主任于")
    expect(page.locator("#decision-result")).to_contain_text("经核实，不符合推荐条件")
    shot(page, "review-page-stale")
