"""The worker killed with SIGKILL in the middle of its work, then started again: nothing lost, nothing twice.

Deliveries are counted where WeChat (the emulator, its own process) records them: official-account template
messages, one per follower. The emulator answers each call 30 ms late so that the kill lands mid-drain. Rows the
killed worker had claimed stay leased (LEASE_SECONDS, 5 minutes); the test moves their lease to its end instead of
waiting it out, as the clock would. The export is a workbook of every nomination: one file, complete, once.
"""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.models import Broadcast, Campaign, ExportFile, Follower, Nomination, NominationChannel, Notification, User
from app.models.base import utcnow
from app.services.broadcasts import composing
from app.services.exports import queued
from app.services.notifications.outbox import notify
from tests.faults.helpers import seed_campaign, seed_organizer
from tests.faults.processes import wait_for

pytestmark = pytest.mark.faults
MP_APPID = "wxemulatormp000001"
FOLLOWERS = 120


def seed_followers(stack, count: int = FOLLOWERS) -> list[int]:
    """Users who follow the official account (linked by unionid), known to the emulator too."""
    users = [User(openid=f"dev-follower{i}", unionid=f"union-fan{i}", roles=[]) for i in range(count)]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all([Follower(openid=f"mp-fan{i}", unionid=f"union-fan{i}", user_id=user.id, subscribed=True)
                        for i, user in enumerate(users)])
    db.session.commit()
    for i in range(count):
        stack.emulator.follow(MP_APPID, f"mp-fan{i}", f"union-fan{i}")
    return [user.id for user in users]


def kill_mid_drain(stack, worker, at_least: int = 25) -> int:
    """Kill the worker once WeChat has taken `at_least` messages and before it has taken them all."""
    def enough() -> int:
        count = len(stack.emulator.sent("template"))
        return count if count >= at_least else 0

    sent = wait_for(enough, 90, f"{at_least} messages sent", interval=0.05)
    worker.kill()
    killed_cleanly(worker)
    return sent


def killed_cleanly(worker) -> None:
    """What the killed worker forked (RQ's scheduler, holding copies of its database connections) stops too."""
    wait_for(lambda: worker.forked_left() == [], 10, "the killed worker's scheduler gone", interval=0.2)


def lease_runs_out() -> int:
    """What the clock does after LEASE_SECONDS: the killed worker's claims are due again."""
    db.session.remove()
    moved = db.session.execute(sa.update(Notification).where(Notification.status == "sending")
                               .values(next_attempt_at=utcnow() - timedelta(seconds=1))).rowcount
    db.session.commit()
    return moved


def each_follower_once(stack) -> None:
    sent = stack.emulator.sent("template")
    to = sorted(m["to"] for m in sent)
    assert to == sorted(f"mp-fan{i}" for i in range(FOLLOWERS)), (len(to), len(set(to)))


def all_settled(where) -> bool:
    db.session.remove()
    return db.session.scalar(sa.select(sa.func.count(Notification.id)).where(
        where, Notification.status.in_(("pending", "sending")))) == 0


def test_killed_during_an_outbox_drain(stack, fault_app, worker):
    seed_campaign()
    users = seed_followers(stack)
    stack.emulator.slow(0.03)
    worker.start()
    notify("review_passed", users, {"nominee": "王晓燕", "status": "审核通过"}, channels=["mp_template"])
    db.session.commit()

    sent_before = kill_mid_drain(stack, worker)
    assert sent_before < FOLLOWERS
    lease_runs_out()
    worker.start()  # its start-up sweep drains the outbox
    wait_for(lambda: all_settled(Notification.channel == "mp_template"), 90, "the outbox drained", interval=0.3)
    each_follower_once(stack)
    rows = db.session.scalars(sa.select(Notification).where(Notification.channel == "mp_template")).all()
    assert {r.status for r in rows} == {"delivered"} and len(rows) == FOLLOWERS


def test_killed_during_a_broadcast(stack, fault_app, worker):
    seed_campaign()
    seed_followers(stack)
    organizer = seed_organizer()
    stack.emulator.slow(0.03)
    worker.start()
    broadcast = composing.create(organizer, {"title": "关于开展“港城工匠”推介活动的通知", "body": "技能推介阶段已经开始。",
                                             "audience": {"kind": "all_users"}, "channels": ["mp_template"]})
    bid = broadcast.id
    composing.send_now(organizer, bid)  # queued for the worker

    assert kill_mid_drain(stack, worker) < FOLLOWERS
    lease_runs_out()
    worker.start()  # resumes the broadcast (start-up sweep) and drains its deliveries

    def sent() -> bool:
        db.session.remove()
        return db.session.get(Broadcast, bid).state == "sent" and all_settled(Notification.broadcast_id == bid)

    wait_for(sent, 90, "the broadcast sent", interval=0.3)
    each_follower_once(stack)
    rows = db.session.execute(sa.select(Notification.user_id, Notification.channel, Notification.status)
                              .where(Notification.broadcast_id == bid)).all()
    assert len(rows) == len({(u, c) for u, c, _ in rows})  # one row per recipient and channel
    templates = [status for _, channel, status in rows if channel == "mp_template"]
    assert templates.count("delivered") == FOLLOWERS
    assert set(templates) <= {"delivered", "skipped"}  # the organizer follows no account


def seed_nominations(campaign_id: int, filer_id: int, count: int) -> None:
    rows = [{"campaign_id": campaign_id, "channel": NominationChannel.union, "status": "submitted",
             "submitted_by_id": filer_id, "name": f"推荐对象{i}", "mobile": f"137{i:08d}",
             "employer_name": "连云港港口集团", "trade": "电工", "deeds": "多年来扎根一线，攻克技术难题。" * 20}
            for i in range(count)]
    db.session.execute(sa.insert(Nomination), rows)
    db.session.commit()


def test_killed_during_an_export(stack, fault_app, worker):
    campaign_id, nominees = seed_campaign()
    organizer = seed_organizer()
    seed_nominations(campaign_id, organizer.id, 1500)
    total = 1500 + len(nominees)
    worker.start()
    export = queued.request_all_nominations(db.session.get(Campaign, campaign_id), actor=organizer)
    export_id = export.id

    def progress() -> int:
        db.session.remove()
        row = db.session.get(ExportFile, export_id)
        return row.status == "running" and (queued.progress(row)["done"] or 0) >= 200

    wait_for(progress, 90, "the export half built", interval=0.05)
    worker.kill()
    killed_cleanly(worker)
    db.session.remove()
    assert db.session.get(ExportFile, export_id).status == "running"  # killed before the end

    worker.start()
    wait_for(lambda: _status(export_id) in ("done", "failed"), 120, "the export finished", interval=0.3)
    exports = db.session.scalars(sa.select(ExportFile)).all()
    assert [(e.id, e.status) for e in exports] == [(export_id, "done")]  # one file, not a second request
    export = exports[0]
    assert export.row_count == total
    sheet = load_workbook(io.BytesIO(export.content), read_only=True).worksheets[0]
    ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(db.session.scalars(sa.select(Nomination.id)))  # every nomination, once


def _status(export_id: int) -> str:
    db.session.remove()
    return db.session.get(ExportFile, export_id).status
