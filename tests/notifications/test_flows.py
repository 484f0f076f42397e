"""Real flows through the API: the worker who submits and granted gets a subscribe message; the worker sends it."""
from __future__ import annotations

from app.services.notifications.registry import DEFAULT_TEMPLATES
from app.tasks import run_worker
from tests.factories.nominations import campaign, complete_self_draft  # noqa: F401
from tests.notifications.conftest import rows

PROGRESS = DEFAULT_TEMPLATES["progress"]["template_id"]


def test_a_submitted_self_nomination_reaches_the_worker_by_subscribe_message(client, person, emu, campaign):  # noqa: F811
    worker, headers = person("alice", grants=[PROGRESS])
    worker_id = worker.id  # the worker's job ends this session
    nomination_id = complete_self_draft(client, headers)
    answer = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    run_worker(burst=True)  # as `flask worker --burst`: the queued delivery job

    received = [(n.user_id, n.channel, n.status) for n in rows("nomination_received")]
    assert {(worker_id, "subscribe", "delivered"), (worker_id, "inbox", "delivered")} <= set(received)
    [message] = emu.sent(to="dev-alice")
    assert message["body"]["template_id"] == PROGRESS
    assert message["body"]["page"] == "pages/my-nominations/index"
    assert message["body"]["data"]["phrase3"] == {"value": "已提交"}
    # The one grant is spent: the next event for alice stays in the inbox.
    assert client.get("/api/v1/me/subscriptions", headers=headers).get_json() == {"grants": {PROGRESS: 0}}
