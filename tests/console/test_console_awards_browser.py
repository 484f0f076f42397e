"""The 表彰奖励 page as an organizer uses it at 1440×900 in Chromium: record the awards, pass the medal check,
mark the prize paid, issue the certificates and open one's verify page; screenshots of the page and the roll."""
from playwright.sync_api import expect

from tests.console.conftest import ARTIFACTS, browser_login
from tests.console.test_console_awards import make_winners


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)


def test_recording_awards_and_issuing_certificates(page, accounts):
    winners = make_winners()
    browser_login(page)
    page.goto("/console/awards")
    expect(page.locator("#no-awards")).to_be_visible()
    page.click("text=登记表彰奖励（5 名待登记）")
    expect(page.locator(".notice.info")).to_contain_text("已登记")
    row = page.locator(f"tr:has-text('{winners[0].name}')")
    expect(row).to_contain_text("待市总工会审核")

    row.locator("summary:has-text('记录审核结果')").click()
    row.locator("input[name=note]").fill("市总工会复函同意")
    row.locator("form:has(select[name=result]) button").click()
    row = page.locator(f"tr:has-text('{winners[0].name}')")
    expect(row).to_contain_text("审核通过")

    prize = row.locator("form.item-form:has(input[value=prize])")
    prize.locator("select").select_option("paid")
    prize.locator("button").click()
    expect(page.locator(f"tr:has-text('{winners[0].name}') form.item-form:has(input[value=prize])").locator("select")).to_have_value("paid")

    page.click("text=为未发证者颁发电子证书")
    expect(page.locator(".serial")).to_have_count(5)
    shot(page, "awards")

    serial = page.locator(".serial").first.inner_text()
    page.goto(f"/verify/{serial}")
    expect(page.locator(".status")).to_have_text("✓ 证书有效")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "verify-page-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})

    page.goto("/console/honour-roll")
    expect(page.locator("#roll")).to_contain_text(winners[0].name)
    shot(page, "honour-roll")
