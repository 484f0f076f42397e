"""专家评议 in Chromium at 1440×900: the expert's scoring page (scores, a conflict of interest, progress) and the
organizer's panel and ranking with a tie decided by the chair, then confirmed; screenshots into tests/artifacts/."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.services.panel import ranking, rounds
from tests.console.conftest import ARTIFACTS, EXPERT, browser_login
from tests.console.panel_helpers import panel_of_two, scored_with_a_tie


@pytest.fixture
def wide(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=full_page)


def test_the_expert_scores_one_finalist_and_abstains_on_another(wide, accounts):
    page = wide
    p = panel_of_two()
    rounds.open_main(p["organizer"], p["campaign"])
    first, second = p["finalists"][0], p["finalists"][1]
    browser_login(page, EXPERT)
    page.goto("/console/expert")
    expect(page.locator("#my-finalists tbody tr")).to_have_count(6)
    expect(page.locator("#my-progress")).to_contain_text("已提交 0 / 6")
    shot(page, "expert-home", full_page=False)

    page.locator("#my-finalists tbody tr").first.get_by_role("link").click()
    expect(page.locator("h2")).to_have_text(first.name)
    for name, value in (("skill", "88"), ("mastery", "92"), ("leadership", "80"), ("contribution", "120")):
        page.fill(f"input[name={name}]", value)
    page.fill("textarea[name=comment]", "绝活过硬，带徒成效显著")
    page.get_by_role("button", name="暂存").click()  # the browser's own check refuses 120 first
    assert page.locator("input[name=contribution]").evaluate("i => !i.validity.valid")
    page.fill("input[name=contribution]", "85")
    page.get_by_role("button", name="暂存").click()
    expect(page.locator("body")).to_contain_text("评分已暂存，提交前仍可修改")
    expect(page.locator("input[name=skill]")).to_have_value("88")
    assert page.locator(".expert-layout").evaluate("e => e.scrollWidth <= e.clientWidth")
    shot(page, "expert-sheet", full_page=False)
    page.locator("#submit-sheet").click()
    expect(page.locator("h2")).to_have_text(second.name)  # on to the next unscored finalist

    page.check("input[name=mode][value=conflict]")
    page.select_option("select[name=conflict]", "colleague")
    page.fill("textarea[name=conflict_reason]", "曾在同一车间共事五年")
    page.locator("#submit-sheet").click()
    page.goto("/console/expert")
    expect(page.locator("#my-progress")).to_contain_text("已提交 2 / 6（其中回避 1）")
    expect(page.locator("#my-finalists")).to_contain_text("已回避")
    shot(page, "expert-progress", full_page=False)
    page.goto(f"/console/expert/finalists/{first.id}")
    expect(page.locator("#score-sheet")).to_contain_text("88 / 100")
    expect(page.locator("#sheet-form")).to_have_count(0)  # submitted: read-only


def test_the_organizer_resolves_a_tie_by_the_chairs_choice_and_confirms(wide, accounts):
    page = wide
    p = panel_of_two()
    scored_with_a_tie(p)
    browser_login(page)
    page.goto("/console/panel")
    expect(page.locator("#member-progress")).to_contain_text("已完成")
    assert page.locator(".topbar nav").evaluate("n => n.scrollWidth <= n.clientWidth")  # the menu still fits
    shot(page, "panel", full_page=True)

    page.goto("/console/panel/ranking")
    expect(page.locator("#problems")).to_contain_text("第 2–3 名并列")
    expect(page.locator("#confirm-ranking")).to_have_count(0)
    assert page.locator("#ranking").evaluate("t => t.getBoundingClientRect().right <= document.documentElement.clientWidth")
    shot(page, "panel-ranking-tie", full_page=True)

    second, third = p["finalists"][1], p["finalists"][2]
    form = page.locator("#chair-form-2")
    form.locator(f"select[name=rank_{third.id}]").select_option("1")
    form.locator(f"select[name=rank_{second.id}]").select_option("2")
    form.locator("textarea[name=reason]").fill("经评议组合议，其绝技绝活在全市技能大赛中更为突出")
    form.get_by_role("button", name="记录组长裁定").click()
    expect(page.locator("#problems")).to_have_count(0)
    expect(page.locator("#decisions")).to_contain_text("评议组组长裁定")
    page.locator("#confirm-ranking").click()
    expect(page.locator("#confirmed")).to_contain_text("排名已确认")
    shot(page, "panel-ranking-confirmed", full_page=True)
    assert ranking.confirmed_order(p["campaign"])[1:3] == [third.id, second.id]
