"""The console's pages as an organizer uses them at 1440×900 in Chromium: the 推荐对象 list (sort, page size,
page jump, organization filter, filtered export), the void confirmation's count, the lead rules, and a
screenshot of every page into tests/artifacts/."""
import io
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from playwright.sync_api import expect

from app.extensions import db
from app.models import AuditEntry, Lead, LikeVoid, Organization
from app.services.campaigns import stages
from app.services.likes import counts, liking
from tests.console.conftest import ARTIFACTS, EXPERT, browser_login
from tests.factories.likes import drain, make_nominee, make_user

FARM_IP = "203.0.113.66"
CST = timezone(timedelta(hours=8))


@pytest.fixture
def wide(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    return page


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)


def column(page, col: str) -> list[str]:
    return page.locator(f'#nomination-table tbody td[data-col="{col}"]').all_inner_texts()


LINES = ("el => { const r = document.createRange(); r.selectNodeContents(el);"
         " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; }")


def lines(locator) -> int:
    """How many lines the element's text takes."""
    return locator.evaluate(LINES)


def names_on_page(page) -> list[str]:
    return [t.strip() for t in page.locator("#nomination-table tbody td:nth-child(2)").all_inner_texts()]


def test_nominations_sort_page_size_jump_organization_filter_and_filtered_export(wide, nominations):
    page = wide
    browser_login(page)
    page.goto("/console/nominations")
    page.wait_for_load_state()
    rows = page.locator("#nomination-table tbody tr")
    expect(rows).to_have_count(20)
    expect(page.locator("#page-position")).to_contain_text("第 1 / 4 页")
    shot(page, "nominations")

    # A name is never broken over lines: one line of text is one line high.
    for cell in page.locator("#nomination-table tbody td:nth-child(2)").all():
        assert lines(cell) == 1, cell.inner_text()
    for header in page.locator("#nomination-table thead th").all():
        assert lines(header) == 1, header.inner_text()
    for status in page.locator('#nomination-table td[data-col="status"]').all():
        assert lines(status) == 1, status.inner_text()
    assert page.locator("main").evaluate("m => m.getBoundingClientRect().width") > 1300  # the width is used
    fits = "t => t.getBoundingClientRect().right <= document.documentElement.clientWidth"
    assert page.locator("#nomination-table").evaluate(fits)  # every column visible, no sideways scrolling

    page.select_option("select[name=per_page]", "50")  # htmx swaps the rows in place
    expect(rows).to_have_count(50)
    expect(page.locator("#page-position")).to_contain_text("第 1 / 2 页")

    page.click('th a[data-sort="name"]')  # first click: descending
    page.wait_for_url("**sort=name**")
    expect(rows).to_have_count(50)
    names = sorted((n.name for n in nominations if n.name), reverse=True)
    assert names_on_page(page) == names[:50]
    page.click('th a[data-sort="name"]')  # second click: ascending
    page.wait_for_url("**dir=asc**")
    assert names_on_page(page) == sorted(names)[:50]

    page.click('th a[data-sort="submitted_at"]')
    page.wait_for_url("**sort=submitted_at**")
    submitted = sorted((n for n in nominations if n.submitted_at), key=lambda n: (n.submitted_at, n.id), reverse=True)
    first = submitted[0]
    expect(page.locator("#nomination-table tbody tr").first).to_have_attribute("data-nomination", str(first.id))
    local = first.submitted_at.replace(tzinfo=timezone.utc).astimezone(CST)
    assert column(page, "submitted_at")[0] == f"{local:%m-%d %H:%M}"  # China time; the year is the campaign's

    # Jump to a page; a page past the last shows the last, never "第 9 / 4 页".
    page.goto("/console/nominations")
    page.fill("#page-jump input[name=page]", "3")
    page.click("#page-jump button")
    expect(page.locator("#page-position")).to_contain_text("第 3 / 4 页")
    page.goto("/console/nominations?page=9")
    expect(page.locator("#page-position")).to_contain_text("第 4 / 4 页")
    expect(rows).to_have_count(len(nominations) - 60)

    # The recommending organization is chosen in the form, not only through ?org=.
    page.goto("/console/nominations")
    page.wait_for_load_state()
    haizhou = db.session.scalars(sa.select(Organization).where(Organization.name == "海州区总工会")).one()
    expected = sorted(n.id for n in nominations if haizhou.id in (n.nominating_org_id, n.employer_org_id))
    page.select_option("select[name=org]", str(haizhou.id))
    expect(page.locator("#result-count")).to_have_attribute("data-total", str(len(expected)))
    assert f"org={haizhou.id}" in page.url
    page.select_option("select[name=channel]", "union")
    expected = sorted(n.id for n in nominations if n.id in expected and n.channel.value == "union")
    expect(page.locator("#result-count")).to_have_attribute("data-total", str(len(expected)))
    shot(page, "nominations-filtered")

    with page.expect_download() as download_info:
        page.click("#export-filtered")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx") and "筛选结果" in download.suggested_filename
    with open(download.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    header = [c.value for c in sheet[1]]
    rows_back = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(r[0] for r in rows_back) == expected
    assert {r[header.index("推荐单位")] for r in rows_back} == {"海州区总工会"}
    db.session.expire_all()
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "export.downloaded")).one()
    assert entry.data["filters"] == {"org_id": haizhou.id, "channel": "union"} and entry.data["rows"] == len(expected)


@pytest.fixture
def promotion(accounts, app):
    campaign = stages.current_campaign()
    stages.set_override(campaign, "promotion", actor_label="test")
    db.session.commit()
    app.extensions.pop("likes_campaign", None)
    saved = app.config["LIKE_FLAG_IP_ACCOUNTS"]
    app.config["LIKE_FLAG_IP_ACCOUNTS"] = 3
    yield campaign
    app.config["LIKE_FLAG_IP_ACCOUNTS"] = saved
    app.extensions.pop("likes_campaign", None)


def test_the_void_confirmation_shows_the_exact_count_before_anything_is_voided(wide, promotion):
    page = wide
    nominee = make_nominee(promotion, name="王建军")
    old = datetime.now(timezone.utc) - timedelta(days=400)
    for i in range(4):
        liking.like(make_user(f"刷票号{i}", created_at=old).id, nominee.id, FARM_IP)
    liking.like(make_user("邻居").id, nominee.id, "198.51.100.9")
    drain()
    browser_login(page)
    page.goto("/console/likes")
    flag = page.locator('tr[data-kind="ip_concentration"]')
    expect(flag).to_contain_text("刷票号0")  # the accounts are shown with their nicknames
    expect(flag.locator("td").nth(1)).to_have_text("同一IP多账号")
    assert lines(flag.locator("td").nth(1)) == 1 and lines(flag.locator("td").nth(4)) == 1  # type, status
    expect(page.locator("body")).not_to_contain_text("候选人")
    shot(page, "likes")

    flag.locator("a.void-link").click()
    today = datetime.now(CST).date()
    expect(page.locator("#void-form input[name=ips]")).to_have_value(FARM_IP)
    expect(page.locator("#void-form input[name=since]")).to_have_value(f"{today:%Y-%m-%d}T00:00")
    expect(page.locator("#void-form input[name=until]")).to_have_value(f"{today + timedelta(days=1):%Y-%m-%d}T00:00")
    page.click("#preview-void")
    expect(page.locator("#void-count")).to_have_text("4")
    expect(page.locator("#void-confirm")).to_contain_text("作废后不能撤销")
    expect(page.locator('#void-preview li[data-nomination="%d"]' % nominee.id)).to_contain_text("−4")
    shot(page, "likes-void-confirm")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(LikeVoid.id))) == 0
    assert counts.like_counts(promotion.id, [nominee.id])[nominee.id] == 5

    page.click("#confirm-void")
    expect(page.locator(".notice")).to_contain_text("已作废 4 个点赞")
    assert counts.like_counts(promotion.id, [nominee.id])[nominee.id] == 1

    page.goto(f"/console/nominations/{nominee.id}")  # the detail shows the likes, as the public sees them
    expect(page.locator("#nomination-likes")).to_have_text("1")


def test_the_lead_rules(wide, accounts):
    page = wide
    leads = list(db.session.scalars(sa.select(Lead).order_by(Lead.id)))
    silent = next(lead for lead in leads if not lead.contact)
    reachable = [lead for lead in leads if lead.contact]
    browser_login(page)
    page.goto("/console/leads")
    shot(page, "leads")
    # No contact: no invitation code (the craftsman could not be told it), and who sent the lead is shown.
    row = page.locator(f'tr[data-lead="{silent.id}"]')
    expect(row.locator("button.invite")).to_have_count(0)
    expect(row.locator(".no-invite")).to_contain_text("未留联系方式")
    expect(row.locator("td.recommender")).not_to_be_empty()
    assert lines(row.locator("td").first) == 1  # the name on one line
    assert page.locator("#leads").evaluate("t => t.getBoundingClientRect().right <= document.documentElement.clientWidth")
    for header in page.locator("#leads thead th").all():
        assert lines(header) == 1, header.inner_text()

    first = page.locator(f'tr[data-lead="{reachable[0].id}"]')
    first.locator("button.invite").click()
    code = page.locator("#invitation-code").inner_text()
    expect(page.locator("#issued-invitation")).not_to_contain_text("pages/invitation")
    expect(page.locator("#issued-invitation")).to_contain_text("我的 → 输入邀请码")
    shot(page, "leads-invited")

    # 重新生成 asks first, saying the old code stops working; cancelling keeps it.
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.locator(f'tr[data-lead="{reachable[0].id}"] button.invite').click()
    page.wait_for_timeout(300)
    assert messages and "立即失效" in messages[0]
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "lead.invited")) == 1
    expect(page.locator("#invitation-code")).to_have_text(code)

    # A dismissed lead offers no invitation code.
    other = page.locator(f'tr[data-lead="{reachable[1].id}"]')
    page.once("dialog", lambda dialog: dialog.accept())
    other.locator("input[name=note]").fill("非本市企业职工")
    other.locator("form[action$='/dismiss'] button").click()
    expect(page.locator(".notice")).to_contain_text("不予采纳")
    expect(page.locator(f'tr[data-lead="{reachable[1].id}"] button.invite')).to_have_count(0)


def test_screens_of_the_other_pages(wide, nominations, accounts):
    page = wide
    browser_login(page)
    page.wait_for_url("**/console/dashboard")
    for chart in ("status", "channel", "district", "quota"):
        expect(page.locator(f'canvas[data-chart="{chart}"]')).to_have_attribute("data-drawn", "1")
    # The quota chart is drawn, not blank: the canvas has painted pixels.
    painted = page.locator('canvas[data-chart="quota"]').evaluate(
        "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }")
    assert painted > 1000
    shot(page, "dashboard-wide")

    page.goto("/console/campaign")
    expect(page.locator("#settings-form")).to_contain_text("北京时间")
    expect(page.locator("body")).not_to_contain_text("Asia/Shanghai")
    page.fill('input[name="stage-review-starts_on"]', "2019-05-01")  # overlaps the nomination stage
    page.click("#settings-form button[type=submit]")
    error = page.locator(".stage-table .field-error").first
    expect(error).to_be_visible()
    box = error.bounding_box()
    field = page.locator('input[name="stage-review-starts_on"]').bounding_box()
    assert box["y"] >= field["y"] + field["height"] - 1  # under its input, not over it
    shot(page, "campaign")
    before = stages.current_campaign().stage_override
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    page.select_option("#stage-switch-form select[name=stage]", "review")
    page.fill("#stage-switch-form input[name=reason]", "提前进入考察")
    page.click("#switch-stage")
    page.wait_for_timeout(300)
    assert messages and "立即生效" in messages[0]
    db.session.expire_all()
    assert stages.current_campaign().stage_override == before

    page.goto("/console/organizations")
    shot(page, "organizations")
    haizhou = db.session.scalars(sa.select(Organization).where(Organization.name == "海州区总工会")).one()
    page.goto(f"/console/organizations/{haizhou.id}")
    used = int(page.locator("#quota-used").inner_text())
    page.fill("#quota-form input[name=quota]", str(used - 1))
    page.click("#quota-form button[type=submit]")
    expect(page.locator("#quota-below-used")).to_contain_text(f"少于已用的 {used} 人")
    shot(page, "organization-quota-warning")
    db.session.expire_all()
    assert db.session.get(Organization, haizhou.id).quota is None  # nothing saved before the confirmation
    page.click("#confirm-quota")
    expect(page.locator("#quota-value")).to_have_text(str(used - 1))

    rejected = next(n for n in nominations if n.channel.value == "self" and n.status == "endorsed")
    rejected.status = "rejected"  # as the review stage's seed data has it: no entry says who or why
    db.session.commit()
    page.goto(f"/console/nominations/{rejected.id}")
    expect(page.locator("#endorsement")).not_to_contain_text("未通过审核")
    expect(page.locator("#status")).to_contain_text("未通过审核")
    expect(page.locator("#status-unrecorded")).to_be_visible()  # says the log holds no record, not a guess
    shot(page, "nomination-rejected")

    page.goto("/console/exports")
    page.click("#start-export")
    row = page.locator("#export-list .export-row").first
    expect(row).to_be_visible()
    assert row.bounding_box()["y"] < 900  # the progress appears where the organizer is looking

    expect(page.locator("#no-exports")).to_have_count(0)
    shot(page, "exports")

    assert page.locator('link[rel="icon"]').count() == 1
    assert page.request.get(page.locator('link[rel="icon"]').get_attribute("href")).ok


def test_the_expert_page_reads_without_nested_quotes(wide, accounts):
    browser_login(wide, EXPERT)
    wide.wait_for_url("**/console/expert")
    text = wide.locator("main hgroup").inner_text()
    assert "年“寻找“" not in text and "年寻找“身边的港城工匠”选树活动：请对照评选标准" in text
    shot(wide, "expert")
