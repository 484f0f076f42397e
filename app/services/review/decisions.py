"""The review's decision on a nomination: qualified (审核合格), returned for more (退回补充) with a deadline,
or rejected (不予通过) with a reason the nominee reads. Each is audited and told through the outbox.

A decision names the version of the review the reviewer saw; when it has changed since (another reviewer
confirmed an item, added a check record or decided), the decision is refused with 409 and nothing changes.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.models import Nomination, NominationChannel, NominationReview, User
from app.models.nomination import REVIEW_QUEUE_STATUSES
from app.models.base import utcnow
from app.services import audit
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.nominations import access
from app.services.notifications.outbox import notify
from app.services.review import checklist, work

REASON_MAX = 500
RESUBMIT_MAX_DAYS = 90
RETURN_PREFIX = "请补充："
# What a return can ask for, as the nominee reads it.
RETURN_ITEMS = {
    "form": "推荐表中未填写或填写有误的项目",
    "story": "事迹简介（1500字左右）",
    "certificate": "主要荣誉证书复印件",
    "id_photo": "彩色证件照1张",
    "work_photo": "工作照2张",
    "conditions": "符合推荐条件的证明材料",
    "priority": "优先推荐条件（市“首席员工”、职工科技创新成果奖）的证书",
    "employment": "在本单位从事本工种（专业）的工作证明",
}


def _invalid(field: str, message: str) -> DomainError:
    return DomainError("validation_error", message, 400, details={"fields": {field: message}})


def _text(value: str | None, field: str, *, required: str | None = None) -> str:
    text = (value or "").strip()
    if required and not text:
        raise _invalid(field, required)
    if len(text) > REASON_MAX:
        raise _invalid(field, f"不能超过{REASON_MAX}个字")
    return text


def recipients(nomination: Nomination) -> set[int]:
    """The nominee, the worker who filed a self-nomination, and the recommending organization's representatives now."""
    people = {nomination.nominee_user_id} | set(access.representative_ids(nomination.nominating_org_id))
    if nomination.channel == NominationChannel.self_nomination:
        people.add(nomination.submitted_by_id)
    return people - {None}


def _decide(actor: User, nomination_id: int, version: int | None, decision: str, status: str, *,
            qualify: bool = False) -> tuple[Nomination, NominationReview, str]:
    """Lock, check the version and the status, and write the decision on the review (not yet committed)."""
    nomination, _ = work.load(actor, nomination_id)
    work.require_writable(nomination)
    nomination, review = work.lock(nomination_id)
    seen = review.version if review is not None else 0
    if nomination.status not in REVIEW_QUEUE_STATUSES or version != seen:
        raise work.conflict(nomination, review)
    if qualify:
        missing = checklist.blockers(checklist.items(nomination, review, work.checks_count(nomination.id)))
        if missing:
            raise DomainError("checklist_incomplete",
                              "审核清单尚未全部确认为“符合”：" + "、".join(i.label for i in missing), 409,
                              details={"items": [i.key for i in missing]})
    previous = nomination.status
    review, _ = work.touch(nomination, review, actor)
    review.decision, review.decided_by_id, review.decided_at = decision, actor.id, utcnow()
    review.decided_by = actor
    nomination.status = status
    return nomination, review, previous


def _finish(actor: User, nomination: Nomination) -> None:
    try:
        db.session.commit()
    except StaleDataError:
        # Another session wrote the review after our lock (it cannot, but the version says so): tell, change nothing.
        db.session.rollback()
        nomination, fresh = work.load(actor, nomination.id)
        raise work.conflict(nomination, fresh) from None


def qualify(actor: User, nomination_id: int, version: int | None, note: str | None = None) -> Nomination:
    """审核合格: every applicable checklist item confirmed 符合."""
    note = _text(note, "note")
    nomination, review, previous = _decide(actor, nomination_id, version, "qualified", "qualified", qualify=True)
    review.decision_note = note or None
    nomination.return_reason, nomination.resubmit_by = None, None
    audit.record("review.qualified", "nomination", nomination.id, actor=actor, reason=note or None,
                 data={"from": previous, "to": "qualified"})
    notify("review_passed", recipients(nomination), {"nominee": nomination.name, "nomination_id": nomination.id})
    _finish(actor, nomination)
    return nomination


def return_reason(items: list[str], note: str | None) -> str:
    """"请补充：…" listing what is missing, then the reviewer's words."""
    labels = [RETURN_ITEMS[key] for key in dict.fromkeys(items)]
    note = (note or "").strip()
    text = RETURN_PREFIX + ("、".join(labels) + "。" if labels else "")
    if note:
        text += ("说明：" if labels else "") + note + ("" if note[-1] in "。！？.!?" else "。")
    return text


def _deadline(value, nomination: Nomination) -> date:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise _invalid("resubmit_by", "请按“年-月-日”填写补充截止日期") from None
    if not isinstance(value, date):
        raise _invalid("resubmit_by", "请填写补充截止日期")
    today = stages.local_today(nomination.campaign)
    if value < today:
        raise _invalid("resubmit_by", f"补充截止日期不能早于今天（{today.isoformat()}）")
    if value > today + timedelta(days=RESUBMIT_MAX_DAYS):
        raise _invalid("resubmit_by", f"补充截止日期不能晚于今天起{RESUBMIT_MAX_DAYS}天")
    return value


def return_for_more(actor: User, nomination_id: int, version: int | None, *, items: list[str] | None = None,
                    note: str | None = None, resubmit_by=None) -> Nomination:
    """退回补充: the nominee or the organization completes what is listed and resubmits by the deadline."""
    items = list(items or [])
    unknown = [key for key in items if key not in RETURN_ITEMS]
    if unknown:
        raise _invalid("items", "请从列出的补充项目中选择")
    note = _text(note, "note")
    if not items and not note:
        raise _invalid("items", "请选择需要补充的内容，或写明需要补充什么")
    nomination, _ = work.load(actor, nomination_id)
    deadline = _deadline(resubmit_by, nomination)
    reason = return_reason(items, note)
    nomination, review, previous = _decide(actor, nomination_id, version, "returned", "returned")
    review.decision_note = reason
    nomination.return_reason, nomination.resubmit_by = reason, deadline
    audit.record("review.returned", "nomination", nomination.id, actor=actor, reason=reason,
                 data={"from": previous, "to": "returned", "items": items, "resubmit_by": deadline.isoformat()})
    notify("review_returned", recipients(nomination),
           {"nominee": nomination.name, "reason": reason, "until": f"{deadline.year}年{deadline.month}月{deadline.day}日",
            "nomination_id": nomination.id})
    _finish(actor, nomination)
    return nomination


def reject(actor: User, nomination_id: int, version: int | None, reason: str | None) -> Nomination:
    """不予通过, with the reason the nominee reads."""
    reason = _text(reason, "reason", required="请写明不予通过的原因，被推荐人会看到这段说明")
    nomination, review, previous = _decide(actor, nomination_id, version, "rejected", "rejected")
    review.decision_note = reason
    nomination.return_reason, nomination.resubmit_by = reason, None
    audit.record("review.rejected", "nomination", nomination.id, actor=actor, reason=reason,
                 data={"from": previous, "to": "rejected"})
    notify("review_rejected", recipients(nomination),
           {"nominee": nomination.name, "reason": reason, "nomination_id": nomination.id})
    _finish(actor, nomination)
    return nomination
