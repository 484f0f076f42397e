"""The shortlist builder in Chromium at 1440×900: picking by htmx moves the counts and bars at once, the decision
with its minutes, the confirmation dialog, and the locked list; screenshots into tests/artifacts/."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Nomination, User
from app.services.campaigns import stages
from app.services.shortlist import picks
from tests.console.conftest import ARTIFACTS, browser_login
from tests.console.shortlist_helpers import MEETING, qualified_demo
from tests.factories.shortlist import minutes_pdf


@pytest.fixture
def wide(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    ARTIFACTS.mkdir(exist_ok=True)
    return page


def shot(page, name: str, full_page: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=full_page)


def test_building_confirming_and_the_locked_list(wide, accounts, tmp_path):
    page = wide
    qualified = qualified_demo()
    organizer = db.session.scalars(sa.select(User).where(User.username == "zhou")).one()
    campaign = stages.current_campaign()
    for nomination in qualified[:47]:  # a colleague has picked most of them already
        picks.add(organizer, campaign, nomination.id)

    browser_login(page)
    page.goto("/console/shortlist")
    expect(page.locator("#picked-count")).to_have_text("47")
    expect(page.locator("#picked-gap")).to_contain_text("还差 3 人")
    rows = page.locator("#shortlist-table tbody tr")
    expect(rows).to_have_count(58)
    fits = "t => t.getBoundingClientRect().right <= document.documentElement.clientWidth"
    assert page.locator("#shortlist-table").evaluate(fits)  # no sideways scrolling at 1,440 px
    assert page.locator(".shortlist-main .table-wrap").evaluate("w => w.scrollWidth <= w.clientWidth")
    assert page.locator(".topbar nav").evaluate("n => n.scrollWidth <= n.clientWidth")  # the menu fits one line
    assert page.locator("#shortlist-summary").evaluate(fits)
    shot(page, "shortlist-builder", full_page=False)

    # Pick the rest from the table: the row, the count and the bar change without a page load.
    remaining = [n for n in qualified[47:50]]
    first = remaining[0]
    bar = page.locator(f'#shortlist-summary [data-dimension="district"] li[title^="{first.district}："] .figure')
    before = int(bar.get_attribute("data-picked"))
    page.locator(f"#pick-{first.id} button").click()
    expect(page.locator(f"#pick-{first.id}")).to_contain_text("移出")
    expect(page.locator("#picked-count")).to_have_text("48")
    expect(bar).to_have_attribute("data-picked", str(before + 1))
    for nomination in remaining[1:]:
        page.locator(f"#pick-{nomination.id} button").click()
        expect(page.locator(f"#pick-{nomination.id}")).to_contain_text("移出")
    expect(page.locator("#picked-count")).to_have_text("50")
    expect(page.locator("#picked-gap")).to_contain_text("人数已符合")

    # Filter to one place: the rows shrink, the counts stay those of the whole list.
    page.select_option("select[name=district]", "赣榆区")
    expect(rows.first).to_contain_text("赣榆区")
    assert all("赣榆区" in t for t in page.locator("#shortlist-table tbody td:nth-child(5)").all_inner_texts())
    expect(page.locator("#picked-count")).to_have_text("50")
    page.select_option("select[name=district]", "")
    expect(rows).to_have_count(58)

    # The decision with its minutes, then the confirmation dialog.
    minutes = tmp_path / "领导小组第二次会议纪要.pdf"
    minutes.write_bytes(minutes_pdf())
    page.fill("input[name=decided_on]", MEETING["decided_on"])
    page.fill("input[name=meeting]", MEETING["meeting"])
    page.fill("textarea[name=attendees]", MEETING["attendees"])
    page.set_input_files("input[name=minutes]", str(minutes))
    page.click("#decision-form button[type=submit]")
    expect(page.locator("#minutes-current")).to_contain_text("领导小组第二次会议纪要.pdf")
    page.locator("#decision").scroll_into_view_if_needed()
    shot(page, "shortlist-decision")
    page.click("#open-confirm")
    dialog = page.locator("#confirm-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("50 人入围")
    shot(page, "shortlist-confirm-dialog", full_page=False)
    dialog.locator("[data-close-dialog]").click()
    expect(dialog).to_be_hidden()
    page.click("#open-confirm")
    dialog.locator("button[type=submit]").click()

    expect(page.locator("#locked-banner")).to_contain_text("名单已确认并锁定")
    expect(page.locator("#locked-banner")).to_contain_text("入围 50 人，未入围 8 人")
    expect(page.locator("#shortlist-table button")).to_have_count(0)
    shot(page, "shortlist-locked")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(Nomination.status == "finalist")) == 50


def test_a_pick_refused_meanwhile_says_why(wide, accounts):
    page = wide
    qualified = qualified_demo()
    browser_login(page)
    page.goto("/console/shortlist")
    stages.set_override(stages.current_campaign(), "promotion", actor_label="test")  # switched by a colleague
    db.session.commit()
    page.locator(f"#pick-{qualified[0].id} button").click()
    expect(page.locator("#htmx-error")).to_contain_text("当前阶段不能确定入围名单（仅在考察审核阶段）")
    expect(page.locator(f"#pick-{qualified[0].id} button")).to_have_text("选入")  # the row did not change
    shot(page, "shortlist-refused", full_page=False)
