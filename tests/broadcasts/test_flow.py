"""A broadcast from the compose form to every recipient's inbox: preview, send now, schedule, cancel,
validation, the audit log, and the public notices."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from rq import Queue
from rq.registry import ScheduledJobRegistry

from app.extensions import db
from app.models import AuditEntry, Broadcast, Notification, User
from app.redis_store import get_redis
from app.services.broadcasts import composing, fanout, progress, public
from app.services.errors import DomainError
from app.tasks import run_worker
from tests.broadcasts.conftest import compose, rows_of, seed_users


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "broadcast")
                                   .order_by(AuditEntry.id)))


def test_send_now_reaches_every_user_once_with_the_counts(organizer, client, login):
    seed_users(30)
    headers = login("reader")  # a real mini-program user, who reads it in the inbox
    broadcast = composing.create(organizer, compose())
    assert composing.recipient_count(broadcast) == 32  # 30 + the reader + the organizer's own WeChat identity
    bid = broadcast.id
    composing.send_now(organizer, bid)
    run_worker(burst=True)
    broadcast = db.session.get(Broadcast, bid)
    assert broadcast.state == "sent" and broadcast.finished_at is not None
    rows = rows_of(broadcast.id)
    assert len(rows) == 32 and {r.status for r in rows} == {"delivered"}
    assert len({r.user_id for r in rows}) == 32
    assert broadcast.report["channels"]["inbox"] == {"sent": 32, "pending": 0, "skipped": {}, "failed": {}}
    snapshot = progress.snapshot(broadcast)
    assert snapshot["finished"] and snapshot["percent"] == 100
    inbox = client.get("/api/v1/me/notifications", headers=headers).get_json()
    assert inbox["items"][0]["title"] == "关于开展“港城工匠”推介活动的通知"
    # Running it again (a second worker, a restart) writes nothing new.
    assert fanout.run(broadcast.id) == "sent"
    assert len(rows_of(broadcast.id)) == 32
    assert actions() == ["broadcast.created", "broadcast.sent", "broadcast.finished"]


def test_preview_goes_only_to_the_organizer(organizer):
    seed_users(5)
    broadcast = composing.create(organizer, compose())
    bid, oid, title = broadcast.id, organizer.id, broadcast.title
    composing.preview(organizer, bid)
    run_worker(burst=True)
    rows = list(db.session.scalars(sa.select(Notification)))
    assert [(r.user_id, r.title, r.broadcast_id, r.status) for r in rows] == [(oid, f"【预览】{title}", None, "delivered")]
    assert db.session.get(Broadcast, bid).state == "draft"


def test_a_scheduled_broadcast_goes_out_at_its_time_not_before(organizer, app):
    seed_users(3)
    now = datetime(2019, 8, 1, 9, 0, tzinfo=timezone.utc)
    at = now + timedelta(hours=2)
    broadcast = composing.create(organizer, compose())
    composing.schedule(organizer, broadcast.id, at, now=now)
    registry = ScheduledJobRegistry(queue=Queue(app.config["RQ_QUEUE"], connection=get_redis()))
    assert registry.count == 1  # the worker is woken at that time
    assert fanout.send_due(now=at - timedelta(seconds=1)) == []
    assert rows_of(broadcast.id) == [] and db.session.get(Broadcast, broadcast.id).state == "scheduled"
    assert fanout.send_due(now=at) == ["sent"]
    assert len(rows_of(broadcast.id)) == 4
    assert {r.status for r in rows_of(broadcast.id)} == {"delivered"}
    assert fanout.send_due(now=at + timedelta(minutes=5)) == []
    assert len(rows_of(broadcast.id)) == 4
    assert actions() == ["broadcast.created", "broadcast.scheduled", "broadcast.sent_on_schedule",
                         "broadcast.finished"]


def test_a_lost_wake_up_is_caught_by_the_workers_start_up_sweep(organizer):
    seed_users(2)
    broadcast = composing.create(organizer, compose())
    past = datetime.now(timezone.utc) + timedelta(seconds=30)
    composing.schedule(organizer, broadcast.id, past)
    db.session.execute(sa.update(Broadcast).values(scheduled_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    db.session.commit()
    bid = broadcast.id
    get_redis().flushdb()  # the wake-up is lost
    run_worker(burst=True)
    assert db.session.get(Broadcast, bid).state == "sent"
    assert len(rows_of(bid)) == 3


def test_cancel_a_scheduled_one_and_nothing_goes_out(organizer):
    seed_users(3)
    now = datetime.now(timezone.utc)
    broadcast = composing.create(organizer, compose())
    composing.schedule(organizer, broadcast.id, now + timedelta(minutes=10), now=now)
    composing.cancel(organizer, broadcast.id, "内容需修改")
    assert fanout.send_due(now=now + timedelta(hours=1)) == []
    assert rows_of(broadcast.id) == []
    with pytest.raises(DomainError) as again:
        composing.send_now(organizer, broadcast.id)
    assert again.value.status == 409
    assert actions() == ["broadcast.created", "broadcast.scheduled", "broadcast.cancelled"]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "broadcast.cancelled"))
    assert entry.reason == "内容需修改"


def test_a_sent_broadcast_cannot_be_cancelled(organizer):
    broadcast = composing.create(organizer, compose())
    composing.send_now(organizer, broadcast.id)
    with pytest.raises(DomainError) as refused:
        composing.cancel(organizer, broadcast.id)
    assert refused.value.status == 409 and "不能取消" in refused.value.message


@pytest.mark.parametrize("form, field", [
    (compose(title=""), "title"),
    (compose(title="长" * 41), "title"),
    (compose(body=" "), "body"),
    (compose(page="https://example.com"), "page"),
    (compose(audience={"kind": "everyone"}), "audience"),
    (compose(audience={"kind": "nominees", "status": "nope"}), "status"),
    (compose(audience={"kind": "representatives", "org_kind": ""}), "org_kind"),
    (compose(audience={"kind": "mp_tag", "tag_id": "-3"}), "tag_id"),
    (compose(channels=["inbox", "carrier_pigeon"]), "channels"),
])
def test_validation_errors_are_chinese_400s_that_change_nothing(organizer, form, field):
    with pytest.raises(DomainError) as refused:
        composing.create(organizer, form)
    assert refused.value.status == 400 and refused.value.code == "validation_error"
    assert field in refused.value.details["fields"]
    assert all("\u4e00" <= ch <= "\u9fff" for ch in refused.value.details["fields"][field][:1])
    assert db.session.scalar(sa.select(sa.func.count(Broadcast.id))) == 0
    assert actions() == []


def test_scheduling_in_the_past_is_refused(organizer):
    broadcast = composing.create(organizer, compose())
    with pytest.raises(DomainError) as refused:
        composing.schedule(organizer, broadcast.id, datetime.now(timezone.utc) - timedelta(minutes=1))
    assert refused.value.status == 400 and "scheduled_at" in refused.value.details["fields"]
    assert db.session.get(Broadcast, broadcast.id).state == "draft"


def test_only_organizers_may_broadcast(campaign):
    someone = User(openid="dev-someone", roles=["expert"])
    db.session.add(someone)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        composing.create(someone, compose())
    assert refused.value.status == 403


def test_public_notices_show_only_public_fields_of_sent_ones(organizer, client):
    draft = composing.create(organizer, compose(title="草稿不公开"))
    private = composing.create(organizer, compose(title="仅发给专家", public=False))
    sent = composing.create(organizer, compose(page="pages/articles/index"))
    ids = {"draft": draft.id, "private": private.id, "sent": sent.id}
    for broadcast in (private, sent):
        composing.send_now(organizer, broadcast.id)
    run_worker(burst=True)
    listing = client.get("/api/v1/notices").get_json()
    assert listing["total"] == 1 and [n["id"] for n in listing["items"]] == [ids["sent"]]
    one = client.get(f"/api/v1/notices/{ids['sent']}").get_json()
    assert one["body"].startswith("各位职工") and one["page"] == "pages/articles/index"
    assert set(one) == {"id", "title", "summary", "body", "page", "published_at"}
    for hidden in (ids["draft"], ids["private"], 999999):
        answer = client.get(f"/api/v1/notices/{hidden}")
        assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"
    assert public.search()[1] == 1


def test_an_audience_with_nobody_in_it_is_not_sent(organizer):
    broadcast = composing.create(organizer, compose(audience={"kind": "winners"}))
    with pytest.raises(DomainError) as refused:
        composing.send_now(organizer, broadcast.id)
    assert refused.value.status == 409 and "目前没有人" in refused.value.message
    assert db.session.get(Broadcast, broadcast.id).state == "draft"
    assert actions() == ["broadcast.created"]


def test_a_draft_or_scheduled_one_can_be_changed_but_not_once_sending(organizer):
    seed_users(2)
    broadcast = composing.create(organizer, compose())
    bid = broadcast.id
    composing.update(organizer, bid, compose(title="更正：推介活动延期", audience={"kind": "finalists"}))
    changed = db.session.get(Broadcast, bid)
    assert changed.title == "更正：推介活动延期" and changed.audience == {"kind": "finalists"}
    with pytest.raises(DomainError) as refused:
        composing.update(organizer, bid, compose(body=""))
    assert refused.value.status == 400
    assert db.session.get(Broadcast, bid).body.startswith("各位职工")
    composing.update(organizer, bid, compose())
    composing.send_now(organizer, bid)
    with pytest.raises(DomainError) as locked:
        composing.update(organizer, bid, compose(title="再改"))
    assert locked.value.status == 409
