"""Voiding likes found to be brushed: by users, IPs or a time window, with a reason, audited.

Voided likes stay in the ledger, marked with the void; the counts drop by exactly the likes the void
marked. Lowering Redis is idempotent (a marker key per void), and a void whose counts were not yet
lowered (the process stopped in between) is finished by the worker's sweep.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, LikeRecord, LikeVoid, User
from app.models.base import as_utc, utcnow
from app.redis_store import get_redis
from app.services import audit
from app.services.errors import DomainError
from app.services.likes.counts import board_key

# Lower the counts once per void, however often it is asked.
APPLY_VOID = """
if redis.call('SET', KEYS[1], '1', 'NX') then
  for i = 1, #ARGV, 2 do redis.call('ZINCRBY', KEYS[2], -tonumber(ARGV[i + 1]), ARGV[i]) end
  return 1
end
return 0
"""


def _matching(campaign: Campaign, reason: str | None, user_ids, ips, since, until, nomination_ids,
              *, need_reason: bool = True) -> tuple[list, dict]:
    """The conditions selecting the campaign's live likes that match every criterion, and the criteria as
    recorded. The one place that decides what a void covers, for the preview and the void alike."""
    if need_reason and not (reason or "").strip():
        raise DomainError("reason_required", "请填写作废原因", 400)
    if not (user_ids or ips or since or until):
        raise DomainError("criteria_required", "请按用户、IP 或时间段指定要作废的点赞", 400)
    # In UTC, as stored: SQLite compares the text, so a China-time bound would miss by eight hours.
    since, until = (as_utc(t).astimezone(timezone.utc) if t else None for t in (since, until))
    if since and until and since >= until:
        raise DomainError("invalid_window", "时间段的开始应早于结束", 400)
    from app.services.likes.stream import drain_all  # likes still on their way are voided too

    drain_all()
    where = [LikeRecord.campaign_id == campaign.id, LikeRecord.void_id.is_(None)]
    where += [LikeRecord.user_id.in_(user_ids)] if user_ids else []
    where += [LikeRecord.ip.in_(ips)] if ips else []
    where += [LikeRecord.liked_at >= since] if since else []
    where += [LikeRecord.liked_at < until] if until else []
    where += [LikeRecord.nomination_id.in_(nomination_ids)] if nomination_ids else []
    criteria = {"user_ids": sorted(user_ids or []), "ips": sorted(ips or []),
                "since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
                "nomination_ids": sorted(nomination_ids or [])}
    return where, criteria


def preview_void(campaign: Campaign, *, user_ids: list[int] | None = None, ips: list[str] | None = None,
                 since: datetime | None = None, until: datetime | None = None,
                 nomination_ids: list[int] | None = None) -> dict[int, int]:
    """A dry run: the likes per nominee that `void_likes` with these criteria would void now. Changes nothing."""
    where, _ = _matching(campaign, None, user_ids, ips, since, until, nomination_ids, need_reason=False)
    return dict(db.session.execute(sa.select(LikeRecord.nomination_id, sa.func.count(LikeRecord.id))
                                   .where(*where).group_by(LikeRecord.nomination_id)).all())


def void_likes(campaign: Campaign, *, reason: str, actor: User | None = None, actor_label: str | None = None,
               user_ids: list[int] | None = None, ips: list[str] | None = None,
               since: datetime | None = None, until: datetime | None = None,
               nomination_ids: list[int] | None = None, expected: int | None = None) -> LikeVoid:
    """Void the campaign's likes matching every given criterion (users, IPs, [since, until), nominees).

    `expected`: the count the organizer confirmed (from `preview_void`); when the likes matching have
    changed since, nothing is voided and the answer says how many match now, so the organizer confirms
    exactly what is voided (a void cannot be undone)."""
    reason = (reason or "").strip()
    where, criteria = _matching(campaign, reason, user_ids, ips, since, until, nomination_ids)
    void = LikeVoid(campaign_id=campaign.id, reason=reason, criteria=criteria,
                    actor_user_id=actor.id if actor else None,
                    actor_label=actor_label or (f"user:{actor.id}" if actor else "system"))
    db.session.add(void)
    db.session.flush()
    # Marking first and counting what this void marked stays exact when two voids overlap.
    db.session.execute(sa.update(LikeRecord).where(*where).values(void_id=void.id))
    per_nomination = dict(db.session.execute(
        sa.select(LikeRecord.nomination_id, sa.func.count(LikeRecord.id))
        .where(LikeRecord.void_id == void.id).group_by(LikeRecord.nomination_id)).all())
    if not per_nomination:
        db.session.rollback()
        raise DomainError("nothing_to_void", "没有符合条件的点赞", 409, details={"criteria": criteria})
    if expected is not None and sum(per_nomination.values()) != expected:
        now = sum(per_nomination.values())
        db.session.rollback()
        raise DomainError("void_count_changed", f"符合条件的点赞已由 {expected} 个变为 {now} 个，请重新确认", 409,
                          details={"expected": expected, "count": now})
    void.per_nomination = {str(nid): n for nid, n in per_nomination.items()}
    void.voided_count = sum(per_nomination.values())
    audit.record("likes.voided", "campaign", campaign.id, actor=actor, actor_label=actor_label, reason=reason,
                 data={"void_id": void.id, "criteria": criteria, "voided": void.voided_count,
                       "per_nomination": void.per_nomination})
    db.session.commit()
    apply_counts(void)
    return void


def apply_counts(void: LikeVoid) -> None:
    """Lower the Redis counts by what `void` marked (once), then note it on the void."""
    args = [x for nid, n in void.per_nomination.items() for x in (nid, n)]
    get_redis().eval(APPLY_VOID, 2, f"likes:void_applied:{void.id}", board_key(void.campaign_id), *args)
    void.counts_applied_at = utcnow()
    db.session.commit()


def apply_pending() -> int:
    """Finish voids whose counts were not lowered (the worker runs this now and then)."""
    pending = db.session.scalars(sa.select(LikeVoid).where(LikeVoid.counts_applied_at.is_(None))).all()
    for void in pending:
        apply_counts(void)
    return len(pending)


def list_voids(campaign_id: int, *, page: int = 1, per_page: int = 50) -> tuple[list[LikeVoid], int]:
    total = db.session.scalar(sa.select(sa.func.count(LikeVoid.id)).where(LikeVoid.campaign_id == campaign_id))
    items = db.session.scalars(sa.select(LikeVoid).where(LikeVoid.campaign_id == campaign_id)
                               .order_by(LikeVoid.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return list(items), total
