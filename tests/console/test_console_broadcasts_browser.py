"""群发通知 as an organizer uses it at 1440×900 in Chromium: compose with the audience's count, preview to
oneself, send now and watch the progress bar fill per channel until the final report; screenshots of each."""
from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Broadcast, Notification, User
from app.services.broadcasts import fanout
from tests.broadcasts.conftest import seed_users
from tests.console.conftest import ARTIFACTS, ORGANIZER, browser_login


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)


def test_compose_preview_send_and_watch_the_progress(page, accounts, app):
    seed_users(400, prefix="bc-browser")
    everyone = db.session.scalar(sa.select(sa.func.count(User.id)).where(User.openid.is_not(None)))
    browser_login(page)
    page.goto("/console/broadcasts")
    expect(page.locator("nav .menu a[aria-current=page]")).to_have_text("群发通知")
    page.fill("#compose-form input[name=title]", "关于“港城工匠”评议结果公示的通知")
    page.fill("#compose-form textarea[name=body]", "“港城工匠”评议结果已在小程序公示，公示期五个工作日。\n欢迎社会各界监督。")
    page.fill("#compose-form input[name=page]", "pages/results/index")
    expect(page.locator("#audience-count b")).to_have_text(str(everyone))  # all users, counted on load
    page.select_option("#audience-kind", "finalists")
    expect(page.locator("#audience-count")).to_contain_text("入围对象：现有")
    page.select_option("#audience-kind", "mp_followers")
    expect(page.locator("#audience-count")).to_contain_text("由微信按公众号关注者发送")
    page.click("#mass-rules summary")
    expect(page.locator("#mass-rules")).to_contain_text("每月最多收到 4 条")
    page.select_option("#audience-kind", "all_users")
    expect(page.locator("#audience-count b")).to_have_text(str(everyone))
    shot(page, "broadcast-compose")

    # A refused form keeps what was typed and says why, in Chinese.
    page.fill("#compose-form input[name=page]", "http://example.com")
    page.click("#compose-form button[type=submit]")
    expect(page.locator("#compose .field-error")).to_contain_text("小程序页面路径")
    expect(page.locator("#compose-form input[name=title]")).to_have_value("关于“港城工匠”评议结果公示的通知")
    page.fill("#compose-form input[name=page]", "pages/results/index")
    page.select_option("#audience-kind", "all_users")
    page.click("#compose-form button[type=submit]")
    expect(page.locator("#broadcast-state")).to_have_text("草稿")
    expect(page.locator("#broadcast-audience b")).to_have_text(str(everyone))
    shot(page, "broadcast-draft")

    page.click("#preview")
    expect(page.locator(".notice.info")).to_contain_text("预览已发到您本人的小程序消息中心")
    organizer_id = db.session.scalar(sa.select(User.id).where(User.username == ORGANIZER["username"]))
    previews = list(db.session.scalars(sa.select(Notification.user_id).where(Notification.event == "broadcast")))
    assert previews == [organizer_id]  # nobody else got it

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#send-now")
    expect(page.locator("#broadcast-state")).to_have_text("发送中")
    broadcast_id = int(re.search(r"/broadcasts/(\d+)", page.url).group(1))

    seen = []

    def look(_broadcast):
        if not seen:  # after the first batch: the page's next refresh shows part of the bar
            page.wait_for_timeout(1500)
            bar = page.locator("#broadcast-progress [data-channel=inbox] progress")
            seen.append(int(bar.get_attribute("value")))
            shot(page, "broadcast-progress")

    with app.app_context():
        assert fanout.run(broadcast_id, batch_size=100, after_batch=look) == "sent"
    db.session.remove()
    assert 0 < seen[0] < everyone
    expect(page.locator("#final-report")).to_contain_text(f"送达 {everyone} 条、跳过 0 条、失败 0 条")
    expect(page.locator("#broadcast-progress [data-channel=inbox] progress")).to_have_attribute("value", str(everyone))
    expect(page.locator("#broadcast-state")).to_have_text("已发送")
    shot(page, "broadcast-sent")
    assert db.session.get(Broadcast, broadcast_id).state == "sent"

    page.goto("/console/broadcasts")
    expect(page.locator(f"#broadcasts tr[data-broadcast='{broadcast_id}'] .state")).to_have_text("已发送")
