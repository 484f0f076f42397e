"""notify() writes in the caller's transaction; the worker delivers to the in-app inbox."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Notification, User
from app.services import audit
from app.services.notifications.outbox import notify
from app.tasks import run_worker


@pytest.fixture
def alice(ctx, login):
    headers = login("alice")
    user = db.session.scalars(sa.select(User).where(User.openid == "dev-alice")).one()
    return user, headers


def test_rolled_back_with_the_state_change(alice):
    user, _ = alice
    audit.record("nomination.submit", "nomination", 1, actor=user)
    notify("nomination_received", [user], {"nominee": "王晓燕"})
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.text("audit_entry"))) == 0


def test_committed_with_the_state_change_and_invisible_until_delivered(alice, client):
    user, headers = alice
    notify("nomination_received", [user], {"nominee": "王晓燕"})
    db.session.commit()
    row = db.session.scalars(sa.select(Notification)).one()
    assert row.status == "pending" and row.title == "推荐申报已收到"
    assert client.get("/api/v1/me/notifications", headers=headers).get_json()["total"] == 0


def test_worker_delivers_to_the_inbox(alice, client):
    user, headers = alice
    notify("nomination_received", [user], {"nominee": "王晓燕"})
    db.session.commit()
    run_worker(burst=True)

    inbox = client.get("/api/v1/me/notifications", headers=headers).get_json()
    assert inbox["total"] == 1 and inbox["unread"] == 1
    item = inbox["items"][0]
    assert item["title"] == "推荐申报已收到"
    assert item["body"] == "王晓燕的推荐表已提交，我们会尽快审核。"
    assert item["read"] is False

    marked = client.post("/api/v1/me/notifications/read", json={}, headers=headers).get_json()
    assert marked == {"marked": 1}
    assert client.get("/api/v1/me/notifications", headers=headers).get_json()["unread"] == 0


def test_commit_queues_a_delivery_job(alice):
    from app.tasks import get_queue

    user, _ = alice
    queue = get_queue()
    queue.empty()
    notify("stage_opened", [user], {"campaign": "港城工匠", "stage": "技能推介"})
    db.session.commit()
    assert queue.count == 1
    assert queue.jobs[0].func_name == "app.tasks.notifications.deliver_notifications_job"


def test_inbox_shows_only_my_notifications(alice, client, login):
    user, headers = alice
    login("bob")
    bob = db.session.scalars(sa.select(User).where(User.openid == "dev-bob")).one()
    notify("stage_opened", [user, bob], {"campaign": "港城工匠", "stage": "技能推介"})
    notify("objection_received", [bob], {})
    db.session.commit()
    run_worker(burst=True)
    assert client.get("/api/v1/me/notifications", headers=headers).get_json()["total"] == 1
    assert client.get("/api/v1/me/notifications", headers=login("bob")).get_json()["total"] == 2


def test_unknown_event_is_a_programming_error(alice):
    user, _ = alice
    with pytest.raises(ValueError):
        notify("no_such_event", [user], {})
