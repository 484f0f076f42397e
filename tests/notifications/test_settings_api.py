"""The mini-program's notification settings: templates to ask for, grants reported, preferences, the inbox."""
from __future__ import annotations

from app.extensions import db
from app.services.notifications.delivery import deliver_due
from app.services.notifications.outbox import notify
from app.services.notifications.registry import DEFAULT_TEMPLATES

PROGRESS, RESULT = DEFAULT_TEMPLATES["progress"]["template_id"], DEFAULT_TEMPLATES["result"]["template_id"]


def test_templates_and_the_moments_to_ask_are_public(client):
    answer = client.get("/api/v1/notification-templates").get_json()
    assert {t["template_id"] for t in answer["templates"]} >= {PROGRESS, RESULT}
    assert answer["moments"]["after_nomination"][0] == PROGRESS
    assert all(len(ids) <= 3 for ids in answer["moments"].values())  # wx.requestSubscribeMessage's limit


def test_grants_add_up_per_template_and_refusals_are_counted(client, login):
    headers = login("alice")
    for _ in range(3):
        client.post("/api/v1/me/subscriptions", json={"accepted": [PROGRESS], "rejected": [RESULT]}, headers=headers)
    assert client.get("/api/v1/me/subscriptions", headers=headers).get_json() == {
        "grants": {PROGRESS: 3, RESULT: 0}}
    assert client.get("/api/v1/me/subscriptions", headers=login("bob")).get_json() == {"grants": {}}


def test_bad_reports_change_nothing(client, login):
    headers = login("alice")
    unknown = client.post("/api/v1/me/subscriptions", json={"accepted": ["made-up"]}, headers=headers)
    assert unknown.status_code == 400 and unknown.get_json()["error"]["code"] == "unknown_template"
    both = client.post("/api/v1/me/subscriptions", json={"accepted": [PROGRESS], "rejected": [PROGRESS]},
                       headers=headers)
    assert both.status_code == 400 and both.get_json()["error"]["code"] == "template_both_ways"
    assert client.post("/api/v1/me/subscriptions", json={"accepted": [PROGRESS]}).status_code == 401
    assert client.get("/api/v1/me/subscriptions", headers=headers).get_json() == {"grants": {}}


def test_preferences_switch_kinds_per_channel_but_never_the_inbox(client, login):
    headers = login("alice")
    before = client.get("/api/v1/me/notification-preferences", headers=headers).get_json()
    assert before["inbox_always"] is True
    assert all(all(k["channels"].values()) for k in before["kinds"])
    after = client.put("/api/v1/me/notification-preferences", headers=headers, json={"changes": [
        {"kind": "results", "channel": "subscribe", "enabled": False}]}).get_json()
    results = next(k for k in after["kinds"] if k["kind"] == "results")
    assert results["channels"] == {"subscribe": False, "mp_template": True}
    refused = client.put("/api/v1/me/notification-preferences", headers=headers, json={"changes": [
        {"kind": "results", "channel": "inbox", "enabled": False}]})
    assert refused.status_code == 400
    assert client.get("/api/v1/me/notification-preferences", headers=headers).get_json() == after


def test_inbox_unread_count_mark_one_and_all_and_pages(ctx, client, login):
    headers = login("alice")
    from tests.factories.nominations import user_named

    alice = user_named("alice")
    for i in range(25):
        notify("stage_opened", [alice], {"campaign": "港城工匠", "stage": f"第{i}阶段"})
    db.session.commit()
    deliver_due()
    assert client.get("/api/v1/me/notifications/unread-count", headers=headers).get_json() == {"unread": 25}
    first = client.get("/api/v1/me/notifications?per_page=10", headers=headers).get_json()
    second = client.get("/api/v1/me/notifications?per_page=10&page=3", headers=headers).get_json()
    assert first["total"] == 25 and len(first["items"]) == 10 and len(second["items"]) == 5
    newest = first["items"][0]["id"]
    assert client.post(f"/api/v1/me/notifications/{newest}/read", headers=headers).get_json() == {"marked": 1}
    assert client.post(f"/api/v1/me/notifications/{newest}/read", headers=headers).get_json() == {"marked": 0}
    assert client.post(f"/api/v1/me/notifications/{newest}/read", headers=login("bob")).get_json() == {"marked": 0}
    unread = client.get("/api/v1/me/notifications?unread=true&per_page=100", headers=headers).get_json()
    assert unread["total"] == 24 and newest not in {i["id"] for i in unread["items"]}
    assert client.post("/api/v1/me/notifications/read", json={}, headers=headers).get_json() == {"marked": 24}
    assert client.get("/api/v1/me/notifications/unread-count", headers=headers).get_json() == {"unread": 0}


def test_two_reports_at_once_both_count(app, login):
    import threading

    import requests

    headers = login("alice")
    url = app.config["LIVE_URL"] + "/api/v1/me/subscriptions"
    barrier = threading.Barrier(4)
    answers = []

    def report():
        barrier.wait()
        answers.append(requests.post(url, json={"accepted": [PROGRESS, RESULT]}, headers=headers, timeout=30).status_code)

    threads = [threading.Thread(target=report) for _ in range(4)]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    assert answers == [200] * 4
    assert requests.get(url, headers=headers, timeout=10).json() == {"grants": {PROGRESS: 4, RESULT: 4}}
