"""The console dashboard's health panel: the worker, the outbox and the like stream, green, amber or red."""
from __future__ import annotations

import re
import time
from datetime import timedelta

from app.extensions import db
from app.models import Notification, User
from app.models.base import utcnow
from app.redis_store import get_redis
from app.services.health import workers
from app.services.likes.state import STREAM_KEY


def panel(html: str, part: str) -> tuple[str, str]:
    """(state, text) of one part of the panel."""
    match = re.search(rf'<section class="health health-(\w+)" data-health="{part}" data-state="\w+">(.*?)</section>',
                      html, re.S)
    assert match, f"no {part} in the health panel"
    return match.group(1), re.sub(r"<[^>]+>", "", match.group(2))


def test_a_dead_worker_is_shown_red_with_its_last_heartbeat(organizer_console):
    workers.beat("worker-web1-4242", now=time.time() - 600)  # killed ten minutes ago: it beats no more

    html = organizer_console.get("/console/dashboard").get_data(as_text=True)

    assert "系统运行状况" in html
    state, text = panel(html, "worker")
    assert state == "red"
    assert "后台任务进程：异常" in text and "已失联" in text and "10 分钟前" in text and "worker-web1-4242" in text


def test_a_beating_worker_an_idle_outbox_and_a_drained_stream_are_green(organizer_console):
    workers.beat("worker-web1-4243")

    html = organizer_console.get("/console/dashboard").get_data(as_text=True)

    assert [panel(html, part)[0] for part in ("worker", "outbox", "like_stream")] == ["green"] * 3
    assert "运行中" in panel(html, "worker")[1]
    assert "点赞已全部入账" in panel(html, "like_stream")[1]


def test_no_worker_ever_a_waiting_outbox_and_a_lagging_stream_are_red(organizer_console):
    user = db.session.query(User).first()
    old = utcnow() - timedelta(minutes=20)
    db.session.add(Notification(user_id=user.id, event="broadcast", channel="subscribe", title="t", body="b",
                                created_at=old, next_attempt_at=old))
    db.session.commit()
    stale_ms = int((time.time() - 400) * 1000)
    get_redis().xadd(STREAM_KEY, {"t": "like"}, id=f"{stale_ms}-0")

    html = organizer_console.get("/console/dashboard").get_data(as_text=True)

    worker_state, worker_text = panel(html, "worker")
    assert worker_state == "red" and "从未收到心跳" in worker_text
    outbox_state, outbox_text = panel(html, "outbox")
    waiting = db.session.query(Notification).filter(Notification.status == "pending").count()  # the demo's too
    assert outbox_state == "red" and f"待发送 {waiting} 条" in outbox_text and "最早一条已等待 20 分钟" in outbox_text
    stream_state, stream_text = panel(html, "like_stream")
    assert stream_state == "red" and "待入账点赞 1 条" in stream_text


def test_a_failed_notification_today_turns_the_outbox_amber(organizer_console):
    user = db.session.query(User).first()
    db.session.add(Notification(user_id=user.id, event="broadcast", channel="subscribe", title="t", body="b",
                                status="failed", error_code="43101"))
    db.session.commit()

    state, text = panel(organizer_console.get("/console/dashboard").get_data(as_text=True), "outbox")
    assert state == "amber" and "24 小时内发送失败 1 条" in text
