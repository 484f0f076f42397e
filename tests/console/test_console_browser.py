"""The console in headless Chromium (Debian's chromium driven by Playwright): what an organizer and an expert see."""
import io
from collections import Counter

import sqlalchemy as sa
from conftest import ARTIFACTS, EXPERT, PEOPLE, browser_login, run_worker_burst
from openpyxl import load_workbook
from playwright.sync_api import expect

from app.extensions import db
from app.models import AuditEntry, Campaign


def test_dashboard_shows_the_real_numbers_and_charts(page, nominations):
    browser_login(page)
    page.wait_for_url("**/console/dashboard")
    statuses = Counter(p[1] for p in PEOPLE)
    expected = {"total": len(PEOPLE), "awaiting_endorsement": statuses["awaiting_endorsement"],
                "drafts": statuses["draft"], "finalists": statuses["finalist"] + statuses["winner"],
                "submitted": len(PEOPLE) - statuses["draft"]}
    for key, value in expected.items():
        expect(page.locator(f'[data-kpi="{key}"]')).to_have_text(str(value))
    expect(page.locator("#current-stage")).to_have_text("推荐申报")
    # Every chart was drawn by Chart.js from the page's data.
    for chart in ("status", "channel", "district", "quota"):
        expect(page.locator(f'canvas[data-chart="{chart}"]')).to_have_attribute("data-drawn", "1")
    page.locator("#by-channel").evaluate("t => t.closest('details').open = true")
    expect(page.locator('#by-channel tr[data-channel="self"] td').nth(1)).to_have_text(
        str(sum(1 for p in PEOPLE if p[2] == "self")))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-dashboard.png"), full_page=True)


def test_filter_nominations_and_open_one(page, nominations, accounts):
    browser_login(page)
    page.click("text=推荐对象")
    rows = page.locator("#nomination-table tbody tr")
    expect(rows).to_have_count(len(PEOPLE))
    page.select_option("select[name=status]", "awaiting_endorsement")  # htmx swaps the rows in place
    expect(rows).to_have_count(2)
    assert "status=awaiting_endorsement" in page.url
    page.select_option("select[name=status]", "")
    page.select_option("select[name=district]", "海州区")
    expect(rows).to_have_count(3)
    page.fill("input[name=q]", "赵国")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td.masked")).to_have_text("138****3333")
    rows.first.locator("a").click()
    expect(page.locator("#nominee-name")).to_have_text("赵国强")
    expect(page.locator('[data-field="mobile"]')).to_have_text("138****3333")
    page.click("#reveal-private")
    expect(page.locator('[data-field="mobile"]')).to_have_text("13800003333")
    expect(page.locator('[data-field="political_status"]')).to_have_text("群众")
    expect(page.locator('[data-field="birth_month"]')).to_have_text("1977年03月")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-nomination.png"), full_page=True)
    db.session.expire_all()
    viewed = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "nomination.private_viewed")).one()
    assert viewed.target_id == str(nominations[2].id) and viewed.actor_user_id == accounts["organizer"].id


def test_change_a_stage_date_and_find_the_audit_entry(page, accounts):
    browser_login(page)
    page.click("text=活动设置")
    page.fill('input[name="stage-review-starts_on"]', "2019-06-05")
    page.fill('input[name="reason"] >> nth=1', "考察工作推迟")
    page.click("#settings-form button[type=submit]")
    expect(page.locator(".notice")).to_contain_text("已保存 1 项修改")
    expect(page.locator('input[name="stage-review-starts_on"]')).to_have_value("2019-06-05")
    page.click("text=操作日志")
    page.select_option("select[name=action]", "campaign.settings_changed")
    page.click("form.filters button[type=submit]")
    entry = page.locator('tr[data-action="campaign.settings_changed"]')
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("考察审核 开始日期：2019-06-01 → 2019-06-05")
    expect(entry).to_contain_text("考察工作推迟")
    expect(entry).to_contain_text("周主任")
    db.session.expire_all()
    assert db.session.scalars(sa.select(Campaign)).one().stage("review").starts_on.isoformat() == "2019-06-05"


def test_export_all_nominations_shows_progress_and_downloads(page, nominations, app):
    browser_login(page)
    page.click("text=导出")
    page.click("#start-export")
    row = page.locator(".export-row").first
    expect(row).to_have_attribute("data-status", "queued")
    expect(row.locator("progress")).to_be_visible()
    run_worker_burst(app)  # the worker builds it while the page polls
    link = page.locator(".export-row a.download")
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx") and "港城工匠" in download.suggested_filename
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    names = sorted(r[1] for r in sheet.iter_rows(min_row=2, values_only=True))
    assert names == sorted(p[0] for p in PEOPLE)


def test_five_wrong_passwords_are_throttled(page, accounts):
    for attempt in range(5):
        browser_login(page, password=f"wrong-password-{attempt}")
    expect(page.locator("#login-error")).to_contain_text("密码错误次数过多")
    expect(page.locator("#login-error")).to_contain_text("分钟后再试")
    browser_login(page)  # the right password waits too
    expect(page.locator("#login-error")).to_contain_text("分钟后再试")
    assert "/console/login" in page.url


def test_a_form_without_its_csrf_token_is_refused(page, accounts):
    browser_login(page)
    page.goto("/console/campaign")
    page.fill('input[name="prize_top_yuan"]', "20000")
    page.locator('#settings-form input[name="csrf_token"]').evaluate("input => input.remove()")
    page.click("#settings-form button[type=submit]")
    expect(page.locator("h2")).to_have_text("请求已失效")
    db.session.expire_all()
    assert db.session.scalars(sa.select(Campaign)).one().prize_top_yuan == 10000
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))
                             .where(AuditEntry.action == "campaign.settings_changed")) == 0


def test_an_expert_cannot_reach_organizer_pages(page, accounts):
    browser_login(page, EXPERT)
    page.wait_for_url("**/console/expert")
    expect(page.locator("nav .menu a")).to_have_text(["专家评议"])
    for path in ("/console/dashboard", "/console/nominations", "/console/campaign", "/console/audit"):
        response = page.goto(path)
        assert response.status == 403
        expect(page.locator("h2")).to_have_text("没有权限")
