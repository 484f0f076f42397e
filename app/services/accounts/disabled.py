"""Disabled accounts as the database-free paths see them: a Redis set of user ids.

The like path checks a bearer token by its signature alone (no database); it asks this set inside
the like's own Redis round trip (likes/like.lua), and the other token-only views with one SISMEMBER.
The set follows `User.disabled_at`: `console_auth.set_disabled` keeps it in step (added before the
commit, removed after it, so a failure errs on refusing) and `rebuild` puts it back from the database
(`flask likes rebuild`, `flask likes sync` and the run command's start call it).
"""
from __future__ import annotations

import redis
import sqlalchemy as sa

from app.extensions import db
from app.models import User
from app.redis_store import get_redis
from app.services.errors import DomainError

DISABLED_USERS_KEY = "accounts:disabled-users"
CODE, MESSAGE = "account_disabled", "该账号已停用，如有疑问请联系活动主办方"


def refusal() -> DomainError:
    return DomainError(CODE, MESSAGE, 403)


def mark(user_id: int, disabled: bool) -> None:
    if disabled:
        get_redis().sadd(DISABLED_USERS_KEY, user_id)
    else:
        get_redis().srem(DISABLED_USERS_KEY, user_id)


def require_enabled(user_id: int) -> None:
    """Refuse (403) a user whose account is disabled, by the Redis set alone."""
    try:
        disabled = get_redis().sismember(DISABLED_USERS_KEY, user_id)
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise DomainError("service_unavailable", "服务暂时不可用，请稍后再试", 503, retry_after=1) from exc
    if disabled:
        raise refusal()


def rebuild() -> int:
    """Put the set back from the database; answers how many accounts are disabled."""
    ids = list(db.session.scalars(sa.select(User.id).where(User.disabled_at.is_not(None))))
    pipe = get_redis().pipeline(transaction=True)
    pipe.delete(DISABLED_USERS_KEY)
    if ids:
        pipe.sadd(DISABLED_USERS_KEY, *ids)
    pipe.execute()
    return len(ids)
