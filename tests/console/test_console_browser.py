"""The console in headless Chromium (Debian's chromium driven by Playwright): what an organizer and an expert see."""
import io
from collections import Counter

import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from app.extensions import db
from app.models import ACTIVE_STATUSES, AuditEntry, Campaign, Lead, Nomination
from tests.console.conftest import ARTIFACTS, EXPERT, browser_login, run_worker_burst


def read_download(download) -> bytes:
    with open(download.path(), "rb") as handle:
        return handle.read()


def test_dashboard_shows_the_real_seeded_numbers_and_charts(page, nominations):
    statuses = Counter(n.status for n in nominations)
    channels = Counter(n.channel.value for n in nominations)
    new_leads = db.session.scalar(sa.select(sa.func.count(Lead.id)).where(Lead.status == "new"))
    browser_login(page)
    page.wait_for_url("**/console/dashboard")
    expected = {"total": len(nominations), "awaiting_endorsement": statuses["awaiting_endorsement"],
                "drafts": statuses["draft"], "submitted": len(nominations) - statuses["draft"],
                "finalists": statuses["finalist"], "new_leads": new_leads}
    assert expected["total"] >= 60 and expected["new_leads"] > 0
    for key, value in expected.items():
        expect(page.locator(f'[data-kpi="{key}"]')).to_have_text(str(value))
    expect(page.locator("#current-stage")).to_have_text("推荐申报")
    # Every chart was drawn by Chart.js from the page's data.
    for chart in ("status", "channel", "district", "quota"):
        expect(page.locator(f'canvas[data-chart="{chart}"]')).to_have_attribute("data-drawn", "1")
    page.locator("#by-channel").evaluate("t => t.closest('details').open = true")
    for channel in ("self", "union", "association"):
        expect(page.locator(f'#by-channel tr[data-channel="{channel}"] td').nth(1)).to_have_text(str(channels[channel]))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-dashboard.png"), full_page=True)


def test_filter_nominations_open_one_and_download_its_form(page, nominations, accounts):
    target = next(n for n in nominations if n.district == "海州区" and n.status == "submitted" and n.files)
    awaiting = sum(1 for n in nominations if n.status == "awaiting_endorsement")
    in_haizhou = sum(1 for n in nominations if n.district == "海州区")
    browser_login(page)
    page.click("nav >> text=推荐对象")
    page.wait_for_load_state()  # htmx has wired the filters once the page has loaded
    rows = page.locator("#nomination-table tbody tr")
    expect(page.locator("#result-count")).to_have_attribute("data-total", str(len(nominations)))
    expect(rows).to_have_count(20)
    page.select_option("select[name=status]", "awaiting_endorsement")  # htmx swaps the rows in place
    expect(rows).to_have_count(awaiting)
    assert "status=awaiting_endorsement" in page.url
    page.select_option("select[name=status]", "")
    page.select_option("select[name=district]", "海州区")
    expect(page.locator("#result-count")).to_have_attribute("data-total", str(in_haizhou))
    page.fill("input[name=q]", target.name)
    expect(page.locator(f'tr[data-nomination="{target.id}"]')).to_be_visible()
    row = page.locator(f'tr[data-nomination="{target.id}"]')
    expect(row.locator("td.masked")).to_have_text(f"{target.mobile[:3]}****{target.mobile[-4:]}")
    row.locator("a").click()
    expect(page.locator("#nominee-name")).to_have_text(target.name)
    expect(page.locator('[data-field="mobile"]')).to_have_text(f"{target.mobile[:3]}****{target.mobile[-4:]}")
    page.wait_for_load_state()
    expect(page.locator("#files figure")).to_have_count(len(target.files))
    page.click("#reveal-private")
    expect(page.locator('[data-field="mobile"]')).to_have_text(target.mobile)
    expect(page.locator('[data-field="political_status"]')).to_have_text(target.political_status)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-nomination.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("#download-attachment1")
    download = download_info.value
    assert download.suggested_filename == f"港城工匠推荐表-{target.name}.docx"
    document = Document(io.BytesIO(read_download(download)))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {target.name, target.mobile, target.employer_name} <= cells
    db.session.expire_all()
    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.target_type == "nomination", AuditEntry.target_id == str(target.id))).all()
    assert sorted(actions) == ["nomination.export_form", "nomination.private_viewed"]


def test_download_a_units_summary_table(page, nominations):
    haizhou = next(n.nominating_org for n in nominations if n.nominating_org and n.nominating_org.name == "海州区总工会")
    expected = sorted(n.name for n in nominations if n.nominating_org_id == haizhou.id and n.status in ACTIVE_STATUSES)
    browser_login(page)
    page.click("nav >> text=导出")
    with page.expect_download() as download_info:
        page.click(f'#summary-exports tr[data-org="{haizhou.id}"] a.download-summary')
    download = download_info.value
    assert download.suggested_filename == "推荐人员汇总表-海州区总工会.xlsx"
    sheet = load_workbook(io.BytesIO(read_download(download))).active
    assert sheet["A2"].value == "推荐单位：海州区总工会"
    assert [c.value for c in sheet[3]][:3] == ["序号", "姓名", "单位及职务"]
    assert sorted(row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]) == expected


def test_change_a_stage_date_and_find_the_audit_entry(page, accounts):
    browser_login(page)
    page.click("nav >> text=活动设置")
    page.fill('input[name="stage-review-starts_on"]', "2019-06-05")
    page.fill('#settings-form input[name="reason"]', "考察工作推迟")
    page.click("#settings-form button[type=submit]")
    expect(page.locator(".notice")).to_contain_text("已保存 1 项修改")
    expect(page.locator('input[name="stage-review-starts_on"]')).to_have_value("2019-06-05")
    page.click("nav >> text=操作日志")
    page.select_option("select[name=action]", "campaign.settings_changed")
    page.click("form.filters button[type=submit]")
    entry = page.locator('tr[data-action="campaign.settings_changed"]')
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("考察审核 开始日期：6月1日 → 6月5日")
    expect(entry).to_contain_text("考察工作推迟")
    expect(entry).to_contain_text("周主任")
    db.session.expire_all()
    assert db.session.scalars(sa.select(Campaign)).one().stage("review").starts_on.isoformat() == "2019-06-05"


def test_export_all_nominations_shows_progress_and_downloads(page, nominations, app):
    ids = sorted(n.id for n in nominations)
    browser_login(page)
    page.click("nav >> text=导出")
    page.wait_for_load_state()
    page.click("#start-export")
    row = page.locator(".export-row").first
    expect(row).to_have_attribute("data-status", "queued")
    expect(row.locator("progress")).to_be_visible()
    run_worker_burst(app)  # the worker builds it while the page polls
    link = page.locator(".export-row a.download")
    expect(link).to_be_visible()
    expect(row).to_contain_text(f"共 {len(ids)} 条")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx") and "港城工匠" in download.suggested_filename
    sheet = load_workbook(io.BytesIO(read_download(download))).active
    assert sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True)) == ids


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
    nomination_id = db.session.scalar(sa.select(sa.func.min(Nomination.id)))
    for path in ("/console/dashboard", "/console/nominations", f"/console/nominations/{nomination_id}",
                 "/console/campaign", "/console/leads", "/console/audit", "/console/accounts"):
        response = page.goto(path)
        assert response.status == 403, path
        expect(page.locator("h2")).to_have_text("没有权限")
