"""Organizers' side of the vote-brushing checks: flags reviewed with a note, holds released; audited.

The flags and holds themselves are raised by the rules in fraud.py (run by the worker through stream.py).
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import LikeFlag, LikeHold, Nomination, User
from app.models.base import utcnow
from app.redis_store import get_redis
from app.services import audit
from app.services.errors import DomainError, not_found
from app.services.likes.state import WINDOW_SECONDS, held_key, velocity_key
from app.services.likes.stream import drain_all

REVIEW_STATUSES = {"dismissed": "已排除", "resolved": "已处理"}


def list_flags(campaign_id: int, *, status: str | None = "open", kind: str | None = None,
               nomination_id: int | None = None, page: int = 1, per_page: int = 50) -> tuple[list[LikeFlag], int]:
    """Flags newest first, with their evidence; `status=None` lists every status."""
    where = [LikeFlag.campaign_id == campaign_id]
    where += [LikeFlag.status == status] if status else []
    where += [LikeFlag.kind == kind] if kind else []
    where += [LikeFlag.nomination_id == nomination_id] if nomination_id else []
    total = db.session.scalar(sa.select(sa.func.count(LikeFlag.id)).where(*where))
    items = db.session.scalars(sa.select(LikeFlag).where(*where).order_by(LikeFlag.id.desc())
                               .offset((page - 1) * per_page).limit(per_page)).all()
    return list(items), total


def review_flag(flag_id: int, status: str, *, note: str, actor: User | None = None,
                actor_label: str | None = None) -> LikeFlag:
    """Close a flag as dismissed (not fraud) or resolved (acted on), with a note; audited."""
    if status not in REVIEW_STATUSES:
        raise DomainError("invalid_status", "处理结果应为已排除或已处理", 400, details={"status": status})
    if not (note or "").strip():
        raise DomainError("reason_required", "请填写处理说明", 400)
    flag = db.session.get(LikeFlag, flag_id)
    if flag is None:
        raise not_found("风险标记")
    flag.status, flag.review_note = status, note.strip()
    flag.reviewed_by_id, flag.reviewed_at = (actor.id if actor else None), utcnow()
    audit.record("likes.flag_reviewed", "like_flag", flag.id, actor=actor, actor_label=actor_label,
                 reason=flag.review_note, data={"status": status, "kind": flag.kind})
    db.session.commit()
    return flag


def active_holds(campaign_id: int) -> list[LikeHold]:
    return list(db.session.scalars(sa.select(LikeHold).where(
        LikeHold.campaign_id == campaign_id, LikeHold.released_at.is_(None)).order_by(LikeHold.held_at)))


def release_hold(nomination_id: int, *, reason: str, actor: User | None = None,
                 actor_label: str | None = None) -> int:
    """Let a held nominee be liked again; returns how many holds were released. Audited."""
    if not (reason or "").strip():
        raise DomainError("reason_required", "请填写解除暂停的原因", 400)
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None:
        raise not_found("候选人")
    drain_all()  # a hold still in the stream is recorded first, so it is released too
    holds = [h for h in active_holds(nomination.campaign_id) if h.nomination_id == nomination_id]
    in_redis = get_redis().sismember(held_key(nomination.campaign_id), nomination_id)
    if not holds and not in_redis:
        raise DomainError("not_held", "该候选人的点赞未被暂停", 409)
    for hold in holds:
        hold.released_at, hold.release_reason = utcnow(), reason.strip()
        hold.released_by_id = actor.id if actor else None
    audit.record("likes.hold_released", "nomination", nomination_id, actor=actor, actor_label=actor_label,
                 reason=reason.strip(), data={"holds": [h.id for h in holds]})
    db.session.commit()
    # The velocity counters restart too, or the next like would hold it again at once.
    minute = int(utcnow().timestamp()) // WINDOW_SECONDS
    pipe = get_redis().pipeline(transaction=True)
    pipe.srem(held_key(nomination.campaign_id), nomination_id)
    pipe.delete(*(velocity_key(nomination.campaign_id, nomination_id, m) for m in (minute - 1, minute)))
    pipe.execute()
    return len(holds)
