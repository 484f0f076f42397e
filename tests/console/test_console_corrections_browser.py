"""An organizer corrects a nomination in Chromium at 1440×900: the form on the nomination's page, the refusal
without a reason, the saved correction in the history and the operation log (screenshots in tests/artifacts/)."""
from playwright.sync_api import expect

from tests.console.conftest import ARTIFACTS, browser_login


def test_an_organizer_corrects_a_typo_in_the_browser(page, nominations):
    n = next(n for n in nominations if n.status == "endorsed")
    ARTIFACTS.mkdir(exist_ok=True)
    browser_login(page)
    page.goto(f"/console/nominations/{n.id}")
    page.click("#correction summary")
    form = page.locator("#correction-form")
    expect(form.locator("input[name=employer_name]")).to_have_value(n.employer_name)
    expect(form.locator("input[name=mobile]")).to_have_value("")
    form.locator("input[name=employer_name]").fill(n.employer_name + "分公司")
    form.locator("#correction-submit").click()
    # The browser itself asks for nothing: the server refuses without a reason and keeps what was typed.
    expect(page.locator("#correction-error")).to_contain_text("请检查填写内容（更正原因：请填写更正原因")
    expect(page.locator("#reason-error")).to_contain_text("请填写更正原因")
    expect(page.locator("input[name=employer_name]")).to_have_value(n.employer_name + "分公司")
    page.locator("#correction").screenshot(path=str(ARTIFACTS / "console-nomination-correction-form.png"))

    page.fill("#correction-reason", "工作单位名称漏写“分公司”，据单位来函更正")
    page.click("#correction-submit")
    expect(page.locator("[data-field=employer_name]")).to_contain_text(n.employer_name + "分公司")
    expect(page.locator("#history-table")).to_contain_text("市总工会更正推荐信息")
    expect(page.locator("#history-table")).to_contain_text("据单位来函更正")

    page.goto("/console/audit?action=nomination.corrected")
    expect(page.locator("ul.changes li")).to_have_count(1)  # untouched texts (line breaks and all) did not change
    expect(page.locator("ul.changes li").first).to_contain_text(f"工作单位：{n.employer_name} → {n.employer_name}分公司")
    page.locator("main").screenshot(path=str(ARTIFACTS / "console-audit-correction.png"))
