"""Liking a nominee: one Redis round trip decides and records it (like.lua); the worker persists it.
With LIKES_WAIT_REPLICAS an accepted like is acknowledged only once that many replicas have it (WAIT).

No database work happens on this path: the campaign is cached in the process for a few seconds and
everything else the decision needs lives in Redis (state.py keeps it in step with the database).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import redis
from flask import current_app

from app.observability import metrics
from app.redis_store import HotScript, get_redis
from app.services.accounts import disabled
from app.services.campaigns.stages import current_campaign
from app.services.errors import DomainError
from app.services.likes import fraud, ranking
from app.services.likes.counts import board_key
from app.services.likes.state import (DAY_KEY_SECONDS, STREAM_KEY, WINDOW_SECONDS, CampaignRef, Moment,
                                      current_ref, held_key, ip_key, likeable_key, moment, state_key, sync_campaign,
                                      user_day_key, velocity_key)

IDEMPOTENCY_TTL = 24 * 3600
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_.:-]{1,64}")

REFUSALS = {
    "stage_closed": (409, "当前阶段未开放点赞"),
    "not_likeable": (409, "该候选人当前不在点赞名单中"),
    "held_for_review": (409, "该候选人的点赞正在核查，暂停点赞"),
    "already_liked_today": (409, "今天已为该候选人点过赞，明天再来吧"),
    "daily_limit_reached": (429, "今日点赞次数已用完，明天再来吧"),
    "too_fast": (429, "点赞过于频繁，请稍后再试"),
    "risk_rejected": (403, "账号存在安全风险，暂时不能点赞"),
    "idempotency_conflict": (409, "该 Idempotency-Key 已用于另一位候选人的点赞"),
    disabled.CODE: (403, disabled.MESSAGE),
}
UNAVAILABLE = ("service_unavailable", "点赞服务暂时不可用，请稍后再试", 503)
# The like is in the primary but fewer replicas than LIKES_WAIT_REPLICAS confirmed it in time: a failover
# now could lose it, so it is not acknowledged. Retried with the same Idempotency-Key it answers 200 once
# confirmed (or counts once if it was lost); retried without, it may answer already_liked_today.
UNCONFIRMED = ("like_unconfirmed", "点赞尚未确认保存，请稍后再试", 503)


@dataclass(frozen=True)
class LikeResult:
    likes: int
    remaining_today: int
    replayed: bool = False


def _script() -> HotScript:
    script = current_app.extensions.get("likes_script")
    if script is None:
        source = Path(__file__).with_name("like.lua").read_text()
        script = current_app.extensions["likes_script"] = HotScript(get_redis(), source)
    return script


def like(user_id: int, nomination_id: int, ip: str, *, idempotency_key: str | None = None,
         now: datetime | None = None) -> LikeResult:
    """Like `nomination_id` as `user_id` (the server-side identity) from `ip`; raises DomainError on refusal.

    Each decision is counted (gc_likes_total: accepted new or replayed, refused by its code).
    """
    try:
        result = _decide(user_id, nomination_id, ip, idempotency_key, now)
    except DomainError as exc:
        metrics.like_refused(exc.code)
        raise
    metrics.like_accepted(result.replayed)
    return result


def _decide(user_id: int, nomination_id: int, ip: str, idempotency_key: str | None,
            now: datetime | None) -> LikeResult:
    if idempotency_key is not None and not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        raise DomainError("invalid_idempotency_key", "Idempotency-Key 应为 1-64 位字母、数字或 _.:-", 400)
    try:
        ref = current_ref()
        for _attempt in range(3):
            at = moment(ref, now)
            answer, replicas = _run(ref, at, user_id, nomination_id, ip, idempotency_key)
            code = answer[0].decode()
            if code == "ok":
                if replicas is not None and replicas < current_app.config["LIKES_WAIT_REPLICAS"]:
                    raise DomainError(*UNCONFIRMED, retry_after=1)
                return LikeResult(int(answer[1]), max(0, int(answer[2])), bool(int(answer[3])))
            if code == "no_state":  # first like since Redis started empty, or the campaign changed
                ref = current_ref(refresh=True)
                sync_campaign(current_campaign())
            elif code == "risk_unknown":  # first like of the day with WeChat's risk check on
                fraud.check_risk_rank(ref.id, user_id, ip, at.day)
            else:
                status, message = REFUSALS[code]
                retry_after = {"daily_limit_reached": at.seconds_to_midnight,
                               "too_fast": int(answer[1])}.get(code)
                raise DomainError(code, message, status, retry_after=retry_after)
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise DomainError(*UNAVAILABLE, retry_after=1) from exc
    raise DomainError(*UNAVAILABLE, retry_after=1)


def _run(ref: CampaignRef, at: Moment, user_id: int, nomination_id: int, ip: str, idempotency_key: str | None):
    cid, config = ref.id, current_app.config
    minute = at.now_ms // 1000 // WINDOW_SECONDS
    keys = [
        state_key(cid), likeable_key(cid), held_key(cid), user_day_key(cid, at.day, user_id),
        ip_key(cid, ip, minute), velocity_key(cid, nomination_id, minute),
        board_key(cid), STREAM_KEY, f"likes:idem:{user_id}:{idempotency_key or ''}",
        fraud.risk_key(at.day, user_id), disabled.DISABLED_USERS_KEY,
    ]
    args = [
        nomination_id, user_id, at.now_ms, at.day.isoformat(), ip, 1 if idempotency_key else 0,
        DAY_KEY_SECONDS, WINDOW_SECONDS, IDEMPOTENCY_TTL,
        1 if config["LIKE_RISK_CHECK"] else 0, config["LIKE_RISK_REJECT_RANK"], cid,
    ]
    # With LIKES_WAIT_REPLICAS an accepted like waits for the replicas (WAIT, a second command on the
    # same connection); a refusal wrote nothing worth waiting for and answers at once.
    return _script().run(keys, args, config["LIKES_WAIT_REPLICAS"], config["LIKES_WAIT_TIMEOUT_MS"], _accepted)


def _accepted(answer) -> bool:
    return answer[0] == b"ok"


def today(user_id: int, now: datetime | None = None) -> dict:
    """What the user has left today and whom they liked today (the client shows the button state)."""
    try:
        ref = current_ref()
        at = moment(ref, now)
        pipe = get_redis().pipeline(transaction=False)
        pipe.hgetall(user_day_key(ref.id, at.day, user_id))
        pipe.hget(state_key(ref.id), "per_user")
        mine, per_user = pipe.execute()
        if per_user is None:
            sync_campaign(current_campaign())
            per_user = get_redis().hget(state_key(ref.id), "per_user")
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise DomainError(*UNAVAILABLE, retry_after=1) from exc
    counts = {key.decode(): int(value) for key, value in mine.items()}
    used = counts.pop("_total", 0)
    return {"remaining_today": max(0, int(per_user or 0) - used),
            "liked_nominee_ids": sorted(int(k) for k, v in counts.items() if v > 0)}


def leaderboard(limit: int = 20) -> list[dict]:
    """The most liked public nominees of the current campaign, counts from Redis; equal counts share a rank."""
    return ranking.page(current_campaign().id, 1, limit)[0]
