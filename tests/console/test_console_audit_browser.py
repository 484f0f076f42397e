"""The operation log in headless Chromium, after real actions: sentences with links, no program dump."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Nomination
from app.services.campaigns import stages
from app.services.likes import liking
from tests.console.conftest import ARTIFACTS, browser_login
from tests.factories.likes import drain, make_nominee, make_users

DUMP = re.compile(r"None|[{}\[\]]|(?<!微信用户 )#\d|\b[a-z]+_[a-z_]+\b")


def test_the_log_reads_as_sentences_after_real_actions(page, app, nominations):
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(page)
    page.wait_for_url("**/console/dashboard")

    # A stage switch, by hand, in 活动设置.
    page.goto("/console/campaign")
    page.select_option('form[action$="/campaign/stage"] select[name=stage]', "promotion")
    page.fill('form[action$="/campaign/stage"] input[name=reason]', "进入技能推介阶段")
    page.once("dialog", lambda dialog: dialog.accept())  # the switch asks first: it stops likes at once
    page.click('form[action$="/campaign/stage"] button[type=submit]')
    expect(page.locator(".notice")).to_contain_text("技能推介")

    # A look at a nominee's private fields.
    viewed = next(n for n in nominations if n.name and n.mobile)
    page.goto(f"/console/nominations/{viewed.id}")
    page.click("#reveal-private")
    expect(page.locator('[data-field="mobile"]')).to_have_text(viewed.mobile)

    # Likes from three new accounts, voided for the day they were given.
    app.extensions.pop("likes_campaign", None)
    campaign = stages.current_campaign()
    liked = make_nominee(campaign, name="赵海峰")
    fans = make_users(3)
    for fan in fans:
        liking.like(fan.id, liked.id, "198.51.100.7")
    drain()
    today = datetime.now(ZoneInfo(campaign.timezone)).date()
    page.goto("/console/likes")
    page.fill('#void input[name=user_ids]', ", ".join(str(f.id) for f in fans))
    page.fill('#void input[name=since]', f"{today}T00:00")
    page.fill('#void input[name=until]', f"{today + timedelta(days=1)}T00:00")
    page.fill('#void input[name=reason]', "同一设备批量注册刷赞")
    page.click("#preview-void")  # the page first says how many likes the void takes away
    expect(page.locator("#void-count")).to_have_text("3")
    page.click("#confirm-void")
    expect(page.locator(".notice")).to_contain_text("已作废 3 个点赞")

    page.click("nav >> text=操作日志")
    table = page.locator("#audit-table")
    switch = table.locator('tr[data-action="campaign.stage_override"]')
    expect(switch.first).to_contain_text("推荐申报 → 技能推介")
    expect(switch.first).to_contain_text("周主任")
    expect(switch.first.locator('a[href="/console/campaign"]')).to_have_text("活动设置")
    expect(switch.last).to_contain_text("演示数据")  # the demo's own switch, by the seed

    view = table.locator('tr[data-action="nomination.private_viewed"]')
    expect(view).to_contain_text(f"查看了 {viewed.name} 的手机号、出生年月、政治面貌")
    expect(view.locator("a")).to_have_attribute("href", f"/console/nominations/{viewed.id}")

    ids = sorted(f.id for f in fans)
    void = table.locator('tr[data-action="likes.voided"]')
    day = f"{today.month}月{today.day}日" if today.year == campaign.year else f"{today:%Y}年{today.month}月{today.day}日"
    expect(void).to_contain_text(f"作废 {ids[0]}–{ids[-1]} 号账号在 {day} 的 3 个赞（赵海峰 3 个）")
    expect(void).to_contain_text("同一设备批量注册刷赞")

    sentences = table.locator("td.what").all_inner_texts()
    assert sentences and not [s for s in sentences if DUMP.search(s)]
    assert not DUMP.search(" ".join(table.locator("td.who").all_inner_texts()))
    # The filter offers the actions by their Chinese names; picking one keeps only its entries.
    expect(page.locator('select[name=action] option[value="likes.voided"]')).to_have_text("点赞监测：作废点赞")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-audit.png"), full_page=True)

    view.locator("a").click()
    expect(page.locator("#nominee-name")).to_have_text(viewed.name)
    page.goto("/console/audit?actor=演示数据")
    expect(page.locator("#audit-table tbody tr")).to_have_count(1)
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) >= len(nominations)
