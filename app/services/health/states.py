"""Green, amber or red for the worker, the outbox and the like stream, with what people are told.

Thresholds: the outbox is amber when a due notification has waited 2 minutes (or one failed for good
today), red at 15 minutes; the like stream is amber when the oldest like not yet in the ledger is
30 seconds old, red at 5 minutes; the worker is red when none has beaten within WORKER_DEAD_SECONDS,
amber when one of several is silent.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

import redis
import sqlalchemy.exc

from app.extensions import db
from app.services.health import queues, workers

log = logging.getLogger(__name__)

OUTBOX_AMBER_SECONDS, OUTBOX_RED_SECONDS = 120, 900
STREAM_AMBER_SECONDS, STREAM_RED_SECONDS = 30, 300
LABELS = {"green": "正常", "amber": "注意", "red": "异常"}


@dataclass
class Part:
    state: str  # green, amber or red
    summary: str  # one sentence in Chinese
    data: object = None
    details: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS[self.state]


def ago(seconds: float) -> str:
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} 秒前"
    if seconds < 3600:
        return f"{seconds // 60} 分钟前"
    if seconds < 86400:
        return f"{seconds // 3600} 小时 {seconds % 3600 // 60} 分钟前"
    return f"{seconds // 86400} 天前"


def duration(seconds: float) -> str:
    return ago(seconds)[:-1]  # "3 分钟"


def worker(now: float | None = None) -> Part:
    now = time.time() if now is None else now
    try:
        beats = workers.heartbeats(now)
    except redis.RedisError:
        log.warning("health: Redis unavailable for worker heartbeats", exc_info=True)
        return Part("red", "无法连接 Redis，读不到后台任务进程的心跳")
    details = [f"{b.worker}：最近心跳 {ago(b.age_seconds)}（{'运行中' if b.alive else '已失联'}）" for b in beats]
    alive = [b for b in beats if b.alive]
    if not beats:
        return Part("red", "没有后台任务进程在运行（从未收到心跳），消息发送和点赞入账都会停下", beats, details)
    if not alive:
        return Part("red", f"后台任务进程已失联：最近一次心跳在 {ago(beats[0].age_seconds)}，"
                           "消息发送和点赞入账已停下", beats, details)
    if len(alive) < len(beats):
        return Part("amber", f"{len(alive)} 个后台任务进程运行中，{len(beats) - len(alive)} 个已失联", beats, details)
    return Part("green", f"{len(alive)} 个后台任务进程运行中，最近心跳 {ago(alive[0].age_seconds)}", beats, details)


def outbox() -> Part:
    try:
        box = queues.outbox()
    except sqlalchemy.exc.SQLAlchemyError:
        db.session.rollback()
        log.warning("health: the database is unavailable for the outbox", exc_info=True)
        return Part("red", "无法读取数据库中的消息队列")
    text = (f"待发送 {box.depth} 条（到期 {box.due} 条）" +
            (f"，最早一条已等待 {duration(box.oldest_due_age_seconds)}" if box.due else "") +
            f"；24 小时内发送失败 {box.failed_recent} 条")
    if box.due and box.oldest_due_age_seconds >= OUTBOX_RED_SECONDS:
        return Part("red", text, box)
    if (box.due and box.oldest_due_age_seconds >= OUTBOX_AMBER_SECONDS) or box.failed_recent:
        return Part("amber", text, box)
    return Part("green", text, box)


def like_stream() -> Part:
    try:
        stream = queues.like_stream()
    except redis.RedisError:
        log.warning("health: Redis unavailable for the like stream", exc_info=True)
        return Part("red", "无法连接 Redis，读不到点赞入账情况")
    text = (f"待入账点赞 {stream.backlog} 条，入账延迟 {stream.lag_seconds:.0f} 秒" if stream.backlog
            else "点赞已全部入账，无延迟")
    if stream.lag_seconds >= STREAM_RED_SECONDS:
        return Part("red", text, stream)
    if stream.lag_seconds >= STREAM_AMBER_SECONDS:
        return Part("amber", text, stream)
    return Part("green", text, stream)


def overview() -> dict[str, Part]:
    """The three parts the console dashboard shows, keyed worker, outbox, like_stream."""
    return {"worker": worker(), "outbox": outbox(), "like_stream": like_stream()}
