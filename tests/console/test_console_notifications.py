"""消息推送 in the console: each notification's state per channel, and a stage switched by hand told once."""
from __future__ import annotations

import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Notification, User
from app.services.notifications import delivery
from app.services.notifications.outbox import notify
from app.services.notifications.registry import DEFAULT_TEMPLATES
from tests.console.conftest import ARTIFACTS, browser_login
from tests.notifications.conftest import Emulator

PROGRESS = DEFAULT_TEMPLATES["progress"]["template_id"]


def told(event: str) -> int:
    return db.session.scalar(sa.select(sa.func.count(Notification.id)).where(
        Notification.event == event, Notification.channel == "inbox"))


def test_a_stage_switched_by_hand_is_told_once(organizer_console):
    review = {"stage": "review", "reason": "进入考察审核"}
    organizer_console.post("/console/campaign/stage", review, token_from="/console/campaign")
    first = told("stage_opened")
    assert first > 0  # the demo's nominees and their submitters
    organizer_console.post("/console/campaign/stage", {"stage": "promotion", "reason": "推介"},
                           token_from="/console/campaign")
    organizer_console.post("/console/campaign/stage", review, token_from="/console/campaign")
    assert told("stage_opened") == first  # switching back does not tell review's people again


def test_organizers_see_each_notifications_state_per_channel(page, app, client, accounts):
    emu = Emulator(app)
    users = []
    for name in ("wang", "li", "zhao"):
        client.post("/api/v1/auth/login", json={"code": f"dev-{name}"})
        users.append(db.session.scalars(sa.select(User).where(User.openid == f"dev-{name}")).one())
    wang, li, zhao = users
    for user in (wang, li):
        token = client.post("/api/v1/auth/login", json={"code": user.openid}).get_json()["token"]
        client.post("/api/v1/me/subscriptions", json={"accepted": [PROGRESS]},
                    headers={"Authorization": f"Bearer {token}"})
    emu.grant("dev-wang", PROGRESS)  # li's grant never reached WeChat: 43101
    emu.grant("dev-li", PROGRESS, count=0)
    notify("review_passed", [wang, li, zhao], {"nominee": "王晓燕"})
    db.session.commit()
    delivery.deliver_due()
    states = dict(db.session.execute(sa.select(Notification.user_id, Notification.status).where(
        Notification.channel == "subscribe")).all())
    assert states == {wang.id: "delivered", li.id: "skipped"}

    browser_login(page)
    page.wait_for_url("**/console/dashboard")
    page.click("#notifications-link")
    page.wait_for_url("**/console/notifications")
    summary = page.locator('#delivery-summary tr[data-channel="subscribe"]')
    expect(summary.locator('[data-status="delivered"]')).to_have_text("1")
    expect(summary.locator('[data-status="skipped"]')).to_have_text("1")
    expect(page.locator("#delivery-summary")).to_contain_text("跳过 · 未授权：1")
    expect(page.locator(f'#notification-rows tr[data-user="{wang.id}"]')).to_have_count(1)  # one row, two channels
    li_row = page.locator(f'#notification-rows tr[data-user="{li.id}"]')
    expect(li_row.locator('[data-channel="subscribe"]')).to_contain_text("已跳过")
    expect(li_row.locator('[data-channel="subscribe"]')).to_contain_text("未授权")
    expect(li_row.locator('[data-channel="inbox"]')).to_contain_text("已送达")
    zhao_row = page.locator(f'#notification-rows tr[data-user="{zhao.id}"]')
    expect(zhao_row.locator('[data-channel="subscribe"]')).to_have_text("—")  # no grant: the inbox only
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "console-notifications.png"), full_page=True)

    page.select_option("select[name=status]", "skipped")
    page.click("form.filters button[type=submit]")
    expect(page.locator("#notification-rows tbody tr")).to_have_count(1)
