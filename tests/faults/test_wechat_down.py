"""WeChat (the emulator, in its own process) slow beyond WECHAT_TIMEOUT (1.5 s here) or failing outright.

No request waits for it past its timeout: a login answers 503 wechat_unavailable, the bot answers a follow within
WeChat's 5 seconds, the worker's send gives up and leaves the notification for a later attempt; once WeChat is
healthy again that attempt delivers it, once.
"""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa

from app.extensions import db
from app.models import Follower, Notification
from app.models.base import utcnow
from app.services.notifications.outbox import notify, wake_worker
from bot.gateway import sign
from tests.factories.likes import make_user
from tests.faults.helpers import api_login, seed_campaign, timed
from tests.faults.processes import wait_for

pytestmark = pytest.mark.faults
TIMEOUT = 1.5  # WECHAT_TIMEOUT of the stack (tests/faults/processes.py)
MP_APPID = "wxemulatormp000001"


def follow_event(base: str, openid: str) -> requests.Response:
    timestamp, nonce = str(int(time.time())), "42"
    xml = (f"<xml><ToUserName><![CDATA[gh_gangcheng0001]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
           f"</FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
           "<Event><![CDATA[subscribe]]></Event></xml>")
    return requests.post(base + "/wechat/bot", data=xml.encode(), timeout=30, headers={"Content-Type": "text/xml"},
                         params={"signature": sign("dev-token", timestamp, nonce), "timestamp": timestamp,
                                 "nonce": nonce})


def notification_row() -> Notification:
    db.session.remove()
    return db.session.scalars(sa.select(Notification).where(Notification.channel == "mp_template")).one()


@pytest.mark.parametrize("fault", ["slow", "failing"])
def test_wechat_slow_or_failing_never_holds_a_request_and_the_outbox_delivers_later(stack, fault_app, worker, fault):
    base, emulator = stack.web.url, stack.emulator
    seed_campaign()
    person = make_user("reader")
    person.unionid = "union-reader"
    db.session.add(Follower(openid="mp-reader", unionid="union-reader", user_id=person.id, subscribed=True))
    db.session.commit()
    emulator.follow(MP_APPID, "mp-reader", "union-reader")
    worker.start()
    emulator.slow(4 * TIMEOUT) if fault == "slow" else emulator.failing()

    login, seconds = timed(api_login, base, "alice")
    assert login.status_code == 503 and login.json()["error"]["code"] == "wechat_unavailable", login.text
    assert seconds < 2 * TIMEOUT + 1.5  # a token fetch and the call at most, each cut at WECHAT_TIMEOUT

    answer, seconds = timed(follow_event, base, "mp-newcomer")
    assert answer.status_code == 200 and seconds < 5  # WeChat's own limit for the bot's reply
    # The welcome itself (user/info timed out and the unionid waits for a later interaction), or "success"
    # with the welcome following as a customer-service message: never WeChat's "公众号暂时无法提供服务".
    assert "感谢关注" in answer.text or answer.text == "success", answer.text

    notify("review_passed", [person], {"nominee": "王晓燕", "status": "审核通过"}, channels=["mp_template"])
    db.session.commit()  # wakes the worker through the queue

    def tried():
        row = notification_row()
        return row if row.attempts >= 1 else None

    row = wait_for(tried, 30, "the worker's first attempt", interval=0.2)
    assert row.status == "pending" and row.next_attempt_at is not None  # to be tried again later
    assert (row.last_error or "").startswith("网络错误") if fault == "slow" else row.last_error
    assert emulator.sent("template") == []

    emulator.healthy()
    # The backoff (30 s for a first failure) is waited out here by moving the row's time forward.
    db.session.execute(sa.update(Notification).where(Notification.id == row.id)
                       .values(next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    wake_worker()
    wait_for(lambda: notification_row().status == "delivered", 30, "delivery once WeChat is back", interval=0.2)
    sent = emulator.sent("template")
    assert len(sent) == 1 and sent[0]["to"] == "mp-reader"
    assert notification_row().attempts == 2
    assert api_login(base, "alice").status_code == 200
