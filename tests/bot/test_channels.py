"""The official account's channels of the outbox: template messages and customer-service messages."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Follower, Notification, User
from app.models.base import utcnow
from app.services.notifications import outbox
from app.services.notifications.official_account import keyword
from tests.bot.conftest import sent

TEMPLATES = {"public_notice_opened": {"template_id": "TPL-NOTICE", "fields": {"thing1": "title", "thing2": "body",
                                                                             "time3": "created"}}}


def person(login, wechat, name: str, *, follows: bool = True) -> User:
    login(name)  # the mini-program user, unionid union-dev-<name>
    if follows:
        wechat.follow(f"o-{name}", f"union-dev-{name}")
        wechat.event(f"o-{name}", "subscribe")
    db.session.expire_all()
    return db.session.scalars(sa.select(User).where(User.openid == f"dev-{name}")).one()


# A refusal that retrying cannot help: "failed" today, "skipped" once issue 17's delivery states land.
NOT_SENT = {"failed", "skipped"}


def deliver(user: User, channel: str, **data) -> Notification:
    [row] = outbox.notify("public_notice_opened", [user], {"until": "2026年12月11日", **data}, channels=(channel,))
    db.session.commit()
    outbox.deliver_due()
    db.session.expire_all()
    return db.session.get(Notification, row.id)


def test_keyword_values_fit_wechat_limits():
    assert keyword("公示开始") == "公示开始"
    assert keyword("第一行\n第二行") == "第一行 第二行"
    long = keyword("“港城工匠”评选结果公示已开始，公示期至2026年12月11日")
    assert len(long) == 20 and long.endswith("…")


def test_template_message_reaches_a_follower_by_unionid_without_first_or_remark(ctx, campaign, wechat, client,
                                                                                 login, monkeypatch):
    monkeypatch.setitem(ctx.config, "WECHAT_MP_TEMPLATES", TEMPLATES)
    user = person(login, wechat, "alice")
    row = deliver(user, "mp_template")
    assert row.status == "delivered"
    [message] = sent(client, "template")
    assert message["to"] == "o-alice" and message["body"]["client_msg_id"] == f"notification-{row.id}"
    values = message["body"]["data"]
    assert set(values) == {"thing1", "thing2", "time3"}
    assert all(len(v["value"]) <= 20 and "\n" not in v["value"] for v in values.values())
    # A resend of the same notification (a worker killed after sending) is not delivered twice.
    handler = outbox.CHANNEL_HANDLERS["mp_template"]
    handler(row)
    assert len(sent(client, "template")) == 1


def test_template_to_a_non_follower_is_skipped_with_43004(ctx, campaign, wechat, client, login, monkeypatch):
    monkeypatch.setitem(ctx.config, "WECHAT_MP_TEMPLATES", TEMPLATES)
    stranger = person(login, wechat, "bob", follows=False)
    row = deliver(stranger, "mp_template")
    assert row.status in NOT_SENT and row.last_error.startswith("未关注公众号") and row.attempts == 1
    # Left the account since: WeChat answers 43004, no retry.
    carol = person(login, wechat, "carol")
    client.post("/_wechat-emulator/followers", json={"appid": ctx.config["WECHAT_MP_APPID"], "openid": "o-carol",
                                                     "subscribe": False})
    row = deliver(carol, "mp_template")
    assert row.status in NOT_SENT and row.last_error.startswith("43004")
    assert sent(client, "template") == []


def test_customer_service_message_only_within_48_hours(ctx, campaign, wechat, client, login):
    dave = person(login, wechat, "dave")
    assert deliver(dave, "mp_custom").status == "delivered"
    [message] = sent(client, "custom")
    assert message["to"] == "o-dave" and message["body"]["text"]["content"].startswith("公示开始\n")
    follower = db.session.scalars(sa.select(Follower).where(Follower.openid == "o-dave")).one()
    follower.last_interaction_at = utcnow() - timedelta(hours=49)
    db.session.commit()
    late = deliver(dave, "mp_custom")
    assert late.status in NOT_SENT and late.last_error.startswith("45015")
    assert len(sent(client, "custom")) == 1


def test_the_emulator_enforces_the_window_and_the_per_trigger_limit(ctx, campaign, wechat, client, login):
    erin = person(login, wechat, "erin")
    # WeChat's own clock: the interaction it saw was 49 hours ago (our record says otherwise).
    client.post("/_wechat-emulator/followers/o-erin/interactions",
                json={"appid": ctx.config["WECHAT_MP_APPID"], "at": (utcnow() - timedelta(hours=49)).timestamp()})
    row = deliver(erin, "mp_custom")
    assert row.status in NOT_SENT and row.last_error.startswith("45015")
    client.post("/_wechat-emulator/followers/o-erin/interactions", json={"appid": ctx.config["WECHAT_MP_APPID"]})
    statuses = [deliver(erin, "mp_custom").status for _ in range(6)]
    assert statuses[:5] == ["delivered"] * 5 and statuses[5] in NOT_SENT
    db.session.expire_all()
    assert db.session.scalars(sa.select(Notification).order_by(Notification.id.desc())).first().last_error.startswith(
        "45047")
