"""Review work on one nomination: loading it for a reviewer, the write lock, the version, the checklist confirmations.

Every change runs holding the nomination's write lock (`lock`), re-reads the nomination and its review, and
raises the review's version, so that a reviewer whose page shows an older version learns who changed it.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import REVIEW_DECISIONS, STATUS_LABELS, Nomination, NominationReview, ReviewCheck, User
from app.models.nomination import REVIEW_QUEUE_STATUSES
from app.models.base import as_utc, utcnow
from app.services import audit
from app.services.accounts import permissions
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found
from app.services.nominations import quotas
from app.services.review import checklist

NOTE_MAX = 500
PERMISSION = "review.handle"
# Statuses in which review has not started: the first piece of work moves the nomination to under_review.
WAITING_STATUSES = ("submitted", "endorsed")


def load(actor: User, nomination_id: int) -> tuple[Nomination, NominationReview | None]:
    """The nomination of the current campaign and its review, for an organizer (404 for anything else)."""
    permissions.require(actor, PERMISSION)
    campaign = stages.current_campaign()
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.campaign_id != campaign.id or nomination.status == "draft":
        raise not_found("推荐对象")
    review = db.session.scalars(sa.select(NominationReview).where(NominationReview.nomination_id == nomination.id)).first()
    return nomination, review


def checks_count(nomination_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(ReviewCheck.id)).where(ReviewCheck.nomination_id == nomination_id))


def lock(nomination_id: int) -> tuple[Nomination, NominationReview | None]:
    """Begin the writing transaction holding the lock that serialises review work on this nomination.

    Call it before anything is written in the session (on SQLite it begins the transaction). The
    nomination and its review are read again: what another reviewer committed meanwhile is seen.
    """
    quotas.take_write_lock(None)  # SQLite: BEGIN IMMEDIATE; PostgreSQL: the row lock below
    nomination = db.session.scalars(sa.select(Nomination).where(Nomination.id == nomination_id).with_for_update()
                                    .execution_options(populate_existing=True)).one()
    review = db.session.scalars(sa.select(NominationReview).where(NominationReview.nomination_id == nomination_id)
                                .execution_options(populate_existing=True)).first()
    return nomination, review


def require_writable(nomination: Nomination) -> None:
    stages.require_stage_for(nomination.campaign, "review")


def local_time(nomination: Nomination, moment: datetime | None) -> str:
    if moment is None:
        return ""
    return as_utc(moment).astimezone(ZoneInfo(nomination.campaign.timezone)).strftime("%Y-%m-%d %H:%M")


def conflict(nomination: Nomination, review: NominationReview | None) -> DomainError:
    """The answer to work on a nomination that someone else decided or changed since the page was shown."""
    details = {"status": nomination.status, "version": review.version if review else 0}
    if nomination.status not in REVIEW_QUEUE_STATUSES:
        status = STATUS_LABELS.get(nomination.status, nomination.status)
        if review is not None and review.decided_by is not None and review.decision:
            outcome = REVIEW_DECISIONS.get(review.decision, status)
            return DomainError("already_decided",
                               f"该推荐对象已由{review.decided_by.display_name}于{local_time(nomination, review.decided_at)}"
                               f"处理（{outcome}），当前状态为“{status}”", 409, details=details)
        return DomainError("not_in_review", f"该推荐对象当前为“{status}”，不在待审核状态", 409, details=details)
    who = review.updated_by.display_name if review is not None and review.updated_by is not None else "其他审核人"
    when = local_time(nomination, review.updated_at) if review is not None else ""
    return DomainError("review_changed",
                       f"该推荐对象的审核记录已由{who}于{when}更新，请查看最新情况后再操作", 409, details=details)


def require_in_review(nomination: Nomination, review: NominationReview | None) -> None:
    if nomination.status not in REVIEW_QUEUE_STATUSES:
        raise conflict(nomination, review)


def touch(nomination: Nomination, review: NominationReview | None, actor: User) -> tuple[NominationReview, str | None]:
    """The review, created if needed, marked as changed by the actor (its version rises when flushed); the
    nomination moves to 考察审核中 on the first piece of work. Returns the status it moved from, if it moved."""
    if review is None:
        review = NominationReview(nomination_id=nomination.id, checklist={})
        db.session.add(review)
    review.updated_by_id, review.updated_at = actor.id, utcnow()
    review.updated_by = actor
    moved = None
    if nomination.status in WAITING_STATUSES:
        moved, nomination.status = nomination.status, "under_review"
    return review, moved


def _confirmation(item: checklist.Item, result: str, note: str, actor: User) -> dict:
    return {"result": result, "auto": item.auto, "note": note, "by": actor.id, "by_name": actor.display_name,
            "at": utcnow().isoformat()}


def _check_note(item: checklist.Item, result: str, note: str | None) -> str:
    note = (note or "").strip()
    if result not in checklist.RESULT_LABELS:
        raise DomainError("validation_error", "请选择“符合”或“不符合”", 400,
                          details={"fields": {"result": "请选择“符合”或“不符合”"}})
    if len(note) > NOTE_MAX:
        raise DomainError("validation_error", f"说明不能超过{NOTE_MAX}个字", 400,
                          details={"fields": {"note": f"不能超过{NOTE_MAX}个字"}})
    if not note and result == "fail":
        raise DomainError("validation_error", "确认为“不符合”时，请写明原因", 400,
                          details={"fields": {"note": "请写明不符合的原因"}})
    if not note and item.auto == "manual":
        raise DomainError("validation_error", "此项需人工判断，请写明核实依据", 400,
                          details={"fields": {"note": "请写明核实依据（如实地了解、书面认证的情况）"}})
    if not note and item.auto in checklist.RESULT_LABELS and item.auto != result:
        raise DomainError("validation_error", "与系统核对结果不同，请说明理由", 400,
                          details={"fields": {"note": "与系统核对结果不同，请说明理由"}})
    return note


def confirm_item(actor: User, nomination_id: int, key: str, result: str, note: str | None = None) -> NominationReview:
    """A reviewer confirms (or overrides) one checklist item. Audited; commits."""
    nomination, _ = load(actor, nomination_id)
    if key not in checklist.ITEMS:
        raise not_found("审核项目")
    require_writable(nomination)
    nomination, review = lock(nomination_id)
    require_in_review(nomination, review)
    item = next(i for i in checklist.items(nomination, review, checks_count(nomination.id)) if i.key == key)
    if item.auto == "na":
        raise DomainError("not_applicable", f"“{item.label}”对该推荐对象不适用，无需确认", 409)
    note = _check_note(item, result, note)
    review, moved = touch(nomination, review, actor)
    review.checklist = {**(review.checklist or {}), key: _confirmation(item, result, note, actor)}
    data = {"item": key, "result": result, "auto": item.auto}
    if moved:
        data.update({"from": moved, "to": nomination.status})
    audit.record("review.item_confirmed", "nomination", nomination.id, actor=actor, reason=note or None, data=data)
    db.session.commit()
    return review


def confirm_passing(actor: User, nomination_id: int) -> list[str]:
    """Confirm at once every item the system found 符合 and nobody confirmed yet (items that need a person's
    judgement stay open). Audited as one entry; commits. Returns the keys confirmed."""
    nomination, _ = load(actor, nomination_id)
    require_writable(nomination)
    nomination, review = lock(nomination_id)
    require_in_review(nomination, review)
    chosen = [i for i in checklist.items(nomination, review, checks_count(nomination.id))
              if i.auto == "pass" and i.confirmed is None]
    if not chosen:
        db.session.rollback()
        return []
    review, moved = touch(nomination, review, actor)
    review.checklist = {**(review.checklist or {}), **{i.key: _confirmation(i, "pass", "", actor) for i in chosen}}
    data = {"items": [i.key for i in chosen]}
    if moved:
        data.update({"from": moved, "to": nomination.status})
    audit.record("review.items_confirmed", "nomination", nomination.id, actor=actor, data=data)
    db.session.commit()
    return [i.key for i in chosen]
