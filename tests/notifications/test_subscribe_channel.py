"""Every event reaches the right people on the right channels, through the emulator over real HTTP."""
from __future__ import annotations

import threading

import pytest

from app.extensions import db
from app.services.notifications import delivery
from app.services.notifications.outbox import EVENTS, notify
from app.services.notifications.registry import DEFAULT_EVENTS, DEFAULT_TEMPLATES
from tests.notifications.conftest import rows

PROGRESS, RESULT, ACTIVITY = (DEFAULT_TEMPLATES[k]["template_id"] for k in ("progress", "result", "activity"))
# Data each event's text needs (the services pass the same names).
DATA = {"nominee": "王晓燕", "deadline": "2019年5月31日", "fields": "工作单位", "reason": "材料不全", "organization": "连云港港口集团",
        "name": "李建国", "comment": "情况属实", "signer": "张敏", "post": "工会主席", "until": "2019年10月20日",
        "count": 50, "article": "深耕港口三十年", "answer": "异议不成立", "title": "港城工匠", "details": "11月20日颁奖",
        "campaign": "2019年寻找身边的港城工匠", "round": "第一轮", "remaining": 3, "stage": "技能推介", "body": "通知正文",
        "nomination_id": 7}
WECHAT_EVENTS = sorted(e for e, spec in DEFAULT_EVENTS.items() if "subscribe" in spec)
INBOX_ONLY_EVENTS = sorted(set(EVENTS) - set(WECHAT_EVENTS))


def template_of(event: str) -> str:
    return DEFAULT_TEMPLATES[DEFAULT_EVENTS[event]["subscribe"]["template"]]["template_id"]


def test_every_event_has_a_route_or_is_inbox_only():
    assert set(WECHAT_EVENTS) | set(INBOX_ONLY_EVENTS) == set(EVENTS)
    assert set(INBOX_ONLY_EVENTS) <= set(DEFAULT_EVENTS)  # a new event must be placed in the registry


@pytest.mark.parametrize("event", WECHAT_EVENTS)
def test_each_event_reaches_the_granted_user_by_subscribe_message_and_everyone_by_inbox(event, person, emu, client):
    granted, granted_headers = person("alice", grants=[template_of(event)])
    ungranted, _ = person("bob")
    notify(event, [granted, ungranted], DATA)
    db.session.commit()
    assert delivery.deliver_due()["failed"] == 0

    assert {(n.user_id, n.channel, n.status) for n in rows(event)} == {
        (granted.id, "inbox", "delivered"), (ungranted.id, "inbox", "delivered"),
        (granted.id, "subscribe", "delivered")}
    [message] = emu.sent()
    body = message["body"]
    assert message["to"] == "dev-alice" and body["template_id"] == template_of(event)
    assert body["page"] == DEFAULT_EVENTS[event]["subscribe"]["page"]
    assert body["miniprogram_state"] == "developer" and body["lang"] == "zh_CN"
    assert any(EVENTS[event][0].format_map(DATA)[:10] in v["value"] for v in body["data"].values())
    assert emu.grants("dev-alice") == {template_of(event): 0}  # the one grant is spent
    inbox = client.get("/api/v1/me/notifications", headers=granted_headers).get_json()
    assert inbox["total"] == 1 and inbox["items"][0]["event"] == event


@pytest.mark.parametrize("event", INBOX_ONLY_EVENTS)
def test_console_events_stay_in_the_inbox(event, person, emu):
    user, _ = person("alice", grants=[PROGRESS, RESULT, ACTIVITY])
    notify(event, [user], {**DATA, "title": "通知"})
    db.session.commit()
    delivery.deliver_due()
    assert [(n.channel, n.status) for n in rows(event)] == [("inbox", "delivered")]
    assert emu.sent() == []


def test_a_user_without_a_grant_gets_only_the_inbox(person, emu):
    user, _ = person("alice")
    emu.grant("dev-alice", PROGRESS)  # granted in WeChat but never reported to us: still nothing is sent
    notify("review_passed", [user], DATA)
    db.session.commit()
    delivery.deliver_due()
    assert [n.channel for n in rows()] == ["inbox"] and emu.sent() == []


def test_three_taps_give_three_messages_and_no_fourth(person, emu):
    user, _ = person("alice", grants=[PROGRESS], taps=3)
    for _ in range(3):
        notify("review_passed", [user], DATA)
    db.session.commit()
    notify("review_rejected", [user], DATA)
    db.session.commit()
    delivery.deliver_due()
    assert len(emu.sent()) == 3
    assert [(n.event, n.status, n.skip_reason) for n in rows(channel="subscribe")] == [
        ("review_passed", "delivered", None)] * 3 + [("review_rejected", "skipped", "未授权")]
    notify("review_passed", [user], DATA)  # written with no grant left: the inbox only
    db.session.commit()
    assert [n.channel for n in rows()][-1:] == ["inbox"] and len(rows(channel="subscribe")) == 4


def test_a_one_time_grant_is_consumed_by_one_message_even_with_two_workers(app, person, emu):
    user, _ = person("alice", grants=[PROGRESS])
    emu.grant("dev-alice", PROGRESS, count=5)  # WeChat would allow more: only our one grant may be used
    notify("review_passed", [user], DATA)
    notify("review_returned", [user], DATA)  # written while the grant is still there
    db.session.commit()
    barrier = threading.Barrier(2)
    outcomes = []

    def worker():
        with app.app_context():
            barrier.wait()
            outcomes.append(delivery.deliver_due())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    [t.start() for t in threads]
    [t.join(30) for t in threads]
    assert len(emu.sent()) == 1
    states = sorted((n.status, n.skip_reason) for n in rows(channel="subscribe"))
    assert states == [("delivered", None), ("skipped", "未授权")]
    assert sum(o["delivered"] + o["skipped"] for o in outcomes) == 4  # two inbox rows, two subscribe rows


def test_a_switched_off_kind_is_not_sent_but_kept_in_the_inbox(person, client, emu):
    user, headers = person("alice", grants=[RESULT])
    answer = client.put("/api/v1/me/notification-preferences", headers=headers,
                        json={"changes": [{"kind": "results", "channel": "subscribe", "enabled": False}]})
    assert answer.status_code == 200
    notify("shortlisted", [user], DATA)
    db.session.commit()
    delivery.deliver_due()
    assert [n.channel for n in rows()] == ["inbox"] and emu.sent() == []


def test_long_values_are_fitted_to_wechats_limits(person, emu):
    user, _ = person("alice", grants=[PROGRESS])
    notify("review_rejected", [user], {**DATA, "nominee": "阿卜杜热合曼·买买提依明·艾力",
                                       "reason": "事迹材料与推荐表不一致\n且缺少单位盖章的证明材料"})
    db.session.commit()
    delivery.deliver_due()
    [message] = emu.sent()  # the emulator refuses any field out of its type with 47003
    data = message["body"]["data"]
    assert data["name2"]["value"] == "阿卜杜热合曼·买买…"
    assert len(data["thing4"]["value"]) == 20 and data["thing4"]["value"].endswith("…")
    assert data["phrase3"]["value"] == "未通过" and "\n" not in data["thing4"]["value"]
