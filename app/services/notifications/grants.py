"""Subscribe grants: what the user allowed in wx.requestSubscribeMessage, counted per template.

Each tap on 允许 for a one-time template is one message; the counts add up (three taps, three
messages). A message takes its grant with one conditional UPDATE (`consume`), or a batch of messages
theirs with the grant rows locked first (`consume_many`), so two workers never send two messages on
one grant.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import SubscribeGrant, User
from app.models.base import utcnow
from app.services.errors import DomainError
from app.services.notifications.registry import get_registry
from app.services.write_lock import begin_write

MAX_IDS_PER_REPORT = 20
# What wx.requestSubscribeMessage reports per template id.
ACCEPT, REJECT = "accept", "reject"


def known_template_ids() -> set[str]:
    return {t.template_id for t in get_registry().channel_templates("subscribe")}


def _ensure_row(user_id: int, template_id: str) -> None:
    exists = sa.select(SubscribeGrant.id).where(SubscribeGrant.user_id == user_id,
                                                SubscribeGrant.template_id == template_id)
    if db.session.scalar(exists) is not None:
        return
    try:
        with db.session.begin_nested():  # two reports at once: the second finds the first's row
            db.session.add(SubscribeGrant(user_id=user_id, template_id=template_id, remaining=0, accepted_total=0,
                                          rejected_total=0))
    except IntegrityError:
        pass


def record(user: User, accepted: list[str], rejected: list[str]) -> dict[str, int]:
    """Record one wx.requestSubscribeMessage answer; returns the messages left per template of the answer."""
    ids = list(accepted) + list(rejected)
    if len(ids) > MAX_IDS_PER_REPORT:
        raise DomainError("too_many_templates", f"一次最多报告 {MAX_IDS_PER_REPORT} 个模板", 400)
    if set(accepted) & set(rejected):
        raise DomainError("template_both_ways", "同一模板不能既允许又拒绝", 400)
    unknown = sorted(set(ids) - known_template_ids())
    if unknown:
        raise DomainError("unknown_template", "未知的订阅消息模板", 400, details={"template_ids": unknown})
    begin_write()
    for template_id in ids:
        _ensure_row(user.id, template_id)
    if db.session.get_bind().dialect.name != "sqlite":
        # The user's grant rows locked by template, the order a worker's batch takes them in (consume_many,
        # and the outcomes' give-backs by user): never a circle of two transactions waiting on each other.
        db.session.execute(sa.select(SubscribeGrant.id).where(SubscribeGrant.user_id == user.id)
                           .order_by(SubscribeGrant.template_id).with_for_update())
    for template_id in accepted:
        db.session.execute(sa.update(SubscribeGrant)
                           .where(SubscribeGrant.user_id == user.id, SubscribeGrant.template_id == template_id)
                           .values(remaining=SubscribeGrant.remaining + 1,
                                   accepted_total=SubscribeGrant.accepted_total + 1, updated_at=utcnow()))
    for template_id in rejected:
        db.session.execute(sa.update(SubscribeGrant)
                           .where(SubscribeGrant.user_id == user.id, SubscribeGrant.template_id == template_id)
                           .values(rejected_total=SubscribeGrant.rejected_total + 1, updated_at=utcnow()))
    db.session.commit()
    return remaining(user.id, ids)


def remaining(user_id: int, template_ids: list[str] | None = None) -> dict[str, int]:
    query = sa.select(SubscribeGrant.template_id, SubscribeGrant.remaining).where(SubscribeGrant.user_id == user_id)
    if template_ids is not None:
        query = query.where(SubscribeGrant.template_id.in_(template_ids))
    return dict(db.session.execute(query).all())


def consume(user_id: int, template_id: str) -> bool:
    """Take one grant (atomically); False when the user has none left. The caller commits."""
    changed = db.session.execute(
        sa.update(SubscribeGrant)
        .where(SubscribeGrant.user_id == user_id, SubscribeGrant.template_id == template_id,
               SubscribeGrant.remaining > 0)
        .values(remaining=SubscribeGrant.remaining - 1, updated_at=utcnow())).rowcount
    return changed == 1


def consume_many(wanted: dict[tuple[int, str], int]) -> dict[tuple[int, str], int]:
    """Take up to n grants per (user, template) for a batch of messages, in the caller's write transaction;
    returns how many each got. The grant rows are locked first, by user and template (PostgreSQL; SQLite's
    BEGIN IMMEDIATE already excludes other writers), so two workers never take one grant twice nor wait on
    each other in a circle. The caller commits."""
    if not wanted:
        return {}
    query = (sa.select(SubscribeGrant.id, SubscribeGrant.user_id, SubscribeGrant.template_id,
                       SubscribeGrant.remaining)
             .where(sa.tuple_(SubscribeGrant.user_id, SubscribeGrant.template_id).in_(list(wanted)),
                    SubscribeGrant.remaining > 0)
             .order_by(SubscribeGrant.user_id, SubscribeGrant.template_id))
    if db.session.get_bind().dialect.name != "sqlite":
        query = query.with_for_update()
    taken: dict[tuple[int, str], int] = {}
    by_count: dict[int, list[int]] = {}
    for grant_id, user_id, template_id, left in db.session.execute(query):
        count = min(left, wanted[(user_id, template_id)])
        taken[(user_id, template_id)] = count
        by_count.setdefault(count, []).append(grant_id)
    now = utcnow()
    for count, grant_ids in by_count.items():  # one UPDATE when every message wants one grant
        db.session.execute(sa.update(SubscribeGrant).where(SubscribeGrant.id.in_(grant_ids))
                           .values(remaining=SubscribeGrant.remaining - count, updated_at=now)
                           .execution_options(synchronize_session=False))
    return taken


def give_back(user_id: int, template_id: str) -> None:
    """WeChat did not send the message: the grant it held is the user's again. The caller commits."""
    db.session.execute(sa.update(SubscribeGrant)
                       .where(SubscribeGrant.user_id == user_id, SubscribeGrant.template_id == template_id)
                       .values(remaining=SubscribeGrant.remaining + 1, updated_at=utcnow()))
