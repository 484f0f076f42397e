"""Console login throttling: failed attempts counted in Redis per account and per client address."""
from __future__ import annotations

import math

from flask import current_app

from app.redis_store import get_redis
from app.services.errors import DomainError


def _keys(username: str, ip: str) -> list[tuple[str, int]]:
    config = current_app.config
    return [(f"console:login-failures:user:{username}", config["CONSOLE_LOGIN_MAX_FAILURES"]),
            (f"console:login-failures:ip:{ip}", config["CONSOLE_LOGIN_MAX_FAILURES_PER_IP"])]


def check(username: str, ip: str) -> None:
    """Refuse (429, with the wait) while the account or the address has used up its failures."""
    redis = get_redis()
    wait = 0
    for key, limit in _keys(username, ip):
        count = int(redis.get(key) or 0)
        if count >= limit:
            wait = max(wait, redis.ttl(key))
    if wait > 0:
        minutes = max(1, math.ceil(wait / 60))
        raise DomainError("login_throttled", f"密码错误次数过多，账号已暂时锁定，请 {minutes} 分钟后再试", 429,
                          retry_after=wait, details={"retry_after_seconds": wait})


def record_failure(username: str, ip: str) -> None:
    """Count one failure; the window starts at the first failure and is not extended by later ones."""
    window = current_app.config["CONSOLE_LOGIN_WINDOW_SECONDS"]
    pipe = get_redis().pipeline(transaction=True)
    for key, _limit in _keys(username, ip):
        pipe.set(key, 0, ex=window, nx=True)
        pipe.incr(key)
    pipe.execute()


def clear_account(username: str) -> None:
    """A successful login forgets the account's failures (the address keeps its count)."""
    get_redis().delete(_keys(username, "-")[0][0])
