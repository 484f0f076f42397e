"""WeChat's answers to a subscribe message, each handled as it means (the emulator answers them over HTTP)."""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import SubscribeGrant
from app.models.base import as_utc, utcnow
from app.services.notifications import delivery
from app.services.notifications.channels import DeliveryError
from app.services.notifications.outbox import notify
from app.services.notifications.registry import DEFAULT_TEMPLATES
from app.services.notifications.wechat_answers import classify
from tests.notifications.conftest import rows

PROGRESS = DEFAULT_TEMPLATES["progress"]["template_id"]
DATA = {"nominee": "王晓燕", "reason": "材料不全"}


@pytest.fixture
def alice(person):
    user, _ = person("alice", grants=[PROGRESS])
    notify("review_passed", [user], DATA)
    db.session.commit()
    return user


def subscribe_row():
    [row] = rows(channel="subscribe")
    return row


def grant_left(user) -> int:
    return db.session.scalar(sa.select(SubscribeGrant.remaining).where(SubscribeGrant.user_id == user.id))


@pytest.mark.parametrize("errcode", [40003, 41030, 47003])
def test_final_refusals_are_not_retried_and_give_the_grant_back(alice, emu, errcode):
    emu.fail_next(errcode)
    assert delivery.deliver_due()["failed"] == 1
    row = subscribe_row()
    assert (row.status, row.error_code, row.attempts) == ("failed", str(errcode), 1)
    assert grant_left(alice) == 1  # WeChat did not send it: the user's grant is still there
    assert delivery.deliver_due(now=utcnow() + timedelta(days=3))["failed"] == 0  # never tried again
    assert emu.sent() == []


def test_43101_is_skipped_as_not_granted(alice, emu):
    emu.post("/subscribe/grants", {"appid": emu.appid, "openid": "dev-alice", "template_ids": [PROGRESS],
                                   "count": -1})  # the user's grant is gone on WeChat's side
    assert delivery.deliver_due()["skipped"] == 1
    row = subscribe_row()
    assert (row.status, row.skip_reason, row.error_code) == ("skipped", "未授权", "43101")


@pytest.mark.parametrize("errcode", [45009, 45011])
def test_a_quota_sends_later_with_backoff(alice, emu, errcode):
    emu.quota(0) if errcode == 45009 else emu.fail_next(errcode)
    assert delivery.deliver_due()["retry"] == 1
    row = subscribe_row()
    assert (row.status, row.error_code) == ("pending", str(errcode))
    wait = as_utc(row.next_attempt_at) - utcnow()
    assert timedelta(minutes=4) < wait <= timedelta(minutes=5)
    assert delivery.deliver_due()["retry"] == 0  # not before its time
    emu.quota(None)
    assert delivery.deliver_due(now=utcnow() + timedelta(minutes=6))["delivered"] == 1
    assert len(emu.sent()) == 1 and grant_left(alice) == 0  # one grant for the message, not one per try


def test_system_busy_is_retried_with_backoff_then_sent(alice, emu):
    emu.fail_next(-1, -1)
    now = utcnow()
    assert delivery.deliver_due(now=now)["retry"] == 1
    first = as_utc(subscribe_row().next_attempt_at) - now
    assert delivery.deliver_due(now=now + first)["retry"] == 1
    second = as_utc(subscribe_row().next_attempt_at) - (now + first)
    assert first < second  # backing off
    assert delivery.deliver_due(now=now + first + second)["delivered"] == 1
    assert subscribe_row().attempts == 3 and len(emu.sent()) == 1


def test_an_expired_token_is_refreshed_once_and_the_message_resent(alice, emu):
    from app.wechat import get_wechat

    mini = get_wechat().mini
    mini.fetch_access_token()
    before = mini.access_token
    assert emu.expire_tokens() >= 1  # WeChat now answers 40001 to it
    assert delivery.deliver_due()["delivered"] == 2
    assert subscribe_row().attempts == 1 and len(emu.sent()) == 1
    assert mini.access_token != before


def test_a_token_refused_twice_is_not_refreshed_again_but_retried_later(alice, emu):
    emu.fail_next(40001, 42001)  # refused, refreshed, refused again: stop for now
    assert delivery.deliver_due()["retry"] == 1
    row = subscribe_row()
    assert (row.status, row.error_code) == ("pending", "42001") and emu.sent() == []
    assert delivery.deliver_due(now=utcnow() + timedelta(minutes=1))["delivered"] == 1
    assert subscribe_row().attempts == 2 and len(emu.sent()) == 1


def test_network_errors_are_retried(ctx):
    assert classify(ConnectionError()).retry  # no errcode: the network, not WeChat, failed
    error = classify(type("E", (Exception,), {"errcode": None})())
    assert error.retry and error.code == "network"


def test_delivery_error_keeps_its_old_signature():
    old = DeliveryError("boom", retry=False)
    assert (old.retry, old.code, old.skipped) == (False, None, False)
    assert not DeliveryError("x", skipped=True).retry
