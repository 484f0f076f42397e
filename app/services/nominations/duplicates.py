"""Refusing a second nomination of the same person without turning the refusal into an oracle.

A representative who knows a worker's public name and employer could otherwise try birth months or
mobiles on a draft until one is refused as a duplicate. So the refusal is one answer whatever matched
(no field, no channel), each refusal is written to the audit log for organizers (with what matched),
and after REFUSALS_PER_DAY refusals in a campaign day every submission of that user is refused with 429
until the next day: a success would tell as much as a refusal, so both stop.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import NoReturn
from zoneinfo import ZoneInfo

from app.extensions import db
from app.models import CHANNEL_LABELS, Campaign, Nomination, User
from app.redis_store import get_redis
from app.services import audit
from app.services.errors import DomainError

REFUSALS_PER_DAY = 5
KEY_SECONDS = 48 * 3600  # outlives the day it is named after, then goes
ACTION = "nomination.duplicate_refused"
MESSAGE = "该职工在本届活动中已有一份有效的推荐，同一人只能被推荐一次。如有疑问，请联系市总工会。"
MATCHED = {"identity": "姓名、出生年月和工作单位", "mobile": "手机号码"}


def _today(timezone_name: str) -> datetime:
    return datetime.now(ZoneInfo(timezone_name))


def _key(campaign_id: int, timezone_name: str, user_id: int) -> str:
    return f"nominations:duplicates:{campaign_id}:{_today(timezone_name).date().isoformat()}:{user_id}"


def _too_many(timezone_name: str) -> DomainError:
    now = _today(timezone_name)
    midnight = datetime.combine(now.date() + timedelta(days=1), time.min, now.tzinfo)
    return DomainError("too_many_duplicate_attempts",
                       "今天重复推荐被拒绝的次数过多，请明天再提交；如有疑问，请联系市总工会", 429,
                       retry_after=max(int((midnight - now).total_seconds()), 1))


def refusal() -> DomainError:
    """The one answer to a duplicate: the same code, message and details whatever matched."""
    return DomainError("duplicate_nominee", MESSAGE, 409)


def require_attempts_left(user: User, campaign: Campaign) -> None:
    """Refuse any submission of a user who has had their day's duplicate refusals."""
    if int(get_redis().get(_key(campaign.id, campaign.timezone, user.id)) or 0) >= REFUSALS_PER_DAY:
        raise _too_many(campaign.timezone)


def refuse(user: User, nomination: Nomination, kind: str, other: Nomination | None = None) -> NoReturn:
    """Roll the caller's change back, count and audit the refusal, then raise it."""
    campaign_id, zone, nomination_id = nomination.campaign_id, nomination.campaign.timezone, nomination.id
    other_id, other_channel = (other.id, CHANNEL_LABELS[other.channel]) if other is not None else (None, None)
    db.session.rollback()
    key = _key(campaign_id, zone, user.id)
    pipe = get_redis().pipeline(transaction=True)  # INCR and EXPIRE together: one count per refusal
    pipe.incr(key)
    pipe.expire(key, KEY_SECONDS)
    count = pipe.execute()[0]
    with_whom = f"第{other_id}号推荐（{other_channel}）" if other_id else "另一份有效推荐"
    audit.record(ACTION, "nomination", nomination_id, actor=user,
                 reason=f"重复推荐被拒绝：与{with_whom}的{MATCHED[kind]}相同（今日第{count}次）",
                 data={"conflict": kind, "other_id": other_id, "count": count})
    db.session.commit()
    if count > REFUSALS_PER_DAY:
        raise _too_many(zone)
    raise refusal()
