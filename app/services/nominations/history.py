"""A nomination's history as organizers read it: every change of its status, with who, when and why.

Read from the audit log (the nomination's own entries, those of its endorsements, and the shortlist's
confirmations and reopenings of lists it was on), never from a second record that could disagree with it. Views of private data stay in the audit log only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import STATUS_LABELS, AuditEntry, Endorsement, Nomination, ShortlistDecision, User
from app.models.base import as_utc
from app.services.nominations.search import PRIVATE_VIEW_ACTION

# How each entry reads on the nomination's page (the audit log viewer has its own, shorter labels).
EVENTS = {
    "nomination.submit": "提交推荐",
    "nomination.withdraw": "撤回推荐",
    "nomination.resubmit": "补充材料后重新提交，回到考察审核",
    "nomination.corrected": "市总工会更正推荐信息",
    "nomination.invite": "发放邀请码（请被推荐人认领）",
    "nomination.duplicate_refused": "重复推荐被拒绝",
    "nomination.export_form": "导出推荐表（附件 1）",
    "nomination.publish_story": "发布事迹",
    "nomination.unpublish_story": "撤下事迹",
    "endorsement.code_issued": "生成单位认可码",
    "endorsement.confirm": "单位认可",
    "endorsement.decline": "单位不予认可，退回修改",
    "endorsement.unverified": "单位扫码答复（签字人不是认证代表，待核实）",
    "shortlist.pick": "选入入围名单（待领导小组决定）",
    "shortlist.unpick": "移出入围名单（待领导小组决定）",
    "shortlist.reopen": "入围名单重新开放，恢复为审核合格",
}


@dataclass(frozen=True)
class Event:
    at: datetime
    action: str
    label: str
    actor: str
    reason: str
    status: str = ""  # the status it led to, where the entry says so


def _actor(entry: AuditEntry, users: dict[int, User]) -> str:
    user = users.get(entry.actor_user_id) if entry.actor_user_id else None
    if user is not None:
        return user.display_name
    return "系统" if entry.actor_label in ("system", "", None) else entry.actor_label


def _event(entry: AuditEntry, users: dict[int, User], shortlisted: frozenset[str] = frozenset()) -> Event:
    data = entry.data or {}
    label, status = EVENTS.get(entry.action, ""), ""
    if entry.action == "endorsement.check":
        accepted = data.get("accept")
        label = "核实单位认可：通过" if accepted else "核实单位认可：不通过，退回职工重新请单位认可"
        status = "" if accepted else STATUS_LABELS["awaiting_endorsement"]
    elif entry.action == "nomination.withdraw":
        status = STATUS_LABELS["withdrawn"]
    elif entry.action == "endorsement.confirm":
        status = STATUS_LABELS["endorsed"]
    elif entry.action == "endorsement.decline":
        status = STATUS_LABELS["returned"]
    elif entry.action == "endorsement.unverified":
        status = STATUS_LABELS["endorsement_check"]
    elif entry.action == "shortlist.confirm":
        outcome = "finalist" if entry.target_id in shortlisted else "not_shortlisted"
        label, status = f"领导小组决定：{STATUS_LABELS[outcome]}", STATUS_LABELS[outcome]
    elif entry.action == "shortlist.reopen":
        status = STATUS_LABELS["qualified"]
    elif data.get("to") in STATUS_LABELS:  # a status change that names its outcome
        status = STATUS_LABELS[data["to"]]
    return Event(entry.created_at, entry.action, label, _actor(entry, users), entry.reason or "", status)


def history(nomination: Nomination) -> list[Event]:
    """Oldest first. A nomination submitted before the log recorded submissions still shows its submission."""
    endorsements = sa.select(sa.cast(Endorsement.id, sa.String)).where(Endorsement.nomination_id == nomination.id)
    lists, shortlisted = _shortlists_of(nomination)
    entries = list(db.session.scalars(sa.select(AuditEntry).where(
        sa.or_(sa.and_(AuditEntry.target_type == "nomination", AuditEntry.target_id == str(nomination.id)),
               sa.and_(AuditEntry.target_type == "endorsement", AuditEntry.target_id.in_(endorsements)),
               sa.and_(AuditEntry.target_type == "shortlist_decision", AuditEntry.target_id.in_(lists),
                       AuditEntry.action.in_(("shortlist.confirm", "shortlist.reopen")))),
        AuditEntry.action != PRIVATE_VIEW_ACTION).order_by(AuditEntry.id)))
    ids = {e.actor_user_id for e in entries if e.actor_user_id} | {nomination.submitted_by_id} - {None}
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))} if ids else {}
    events = [_event(e, users, shortlisted) for e in entries]
    if nomination.submitted_at and not any(e.action == "nomination.submit" for e in entries):
        filer = users.get(nomination.submitted_by_id)
        events.append(Event(nomination.submitted_at, "nomination.submit", EVENTS["nomination.submit"],
                            filer.display_name if filer else "", ""))
    return sorted(events, key=lambda e: as_utc(e.at))


def _shortlists_of(nomination: Nomination) -> tuple[list[str], frozenset[str]]:
    """Ids of the confirmed shortlists the nomination was decided on, and of those it was a finalist of.
    A campaign has a handful of them at most, so they are read whole."""
    decisions = db.session.execute(sa.select(ShortlistDecision.id, ShortlistDecision.finalist_ids,
                                             ShortlistDecision.not_shortlisted_ids).where(
        ShortlistDecision.campaign_id == nomination.campaign_id, ShortlistDecision.confirmed_at.is_not(None))).all()
    lists = [str(d.id) for d in decisions if nomination.id in [*d.finalist_ids, *d.not_shortlisted_ids]]
    return lists, frozenset(str(d.id) for d in decisions if nomination.id in d.finalist_ids)


def explains_status(nomination: Nomination, events: list[Event]) -> bool:
    """Whether the history says how the nomination reached its current status (else the page says so)."""
    current = STATUS_LABELS.get(nomination.status, nomination.status)
    if nomination.status in ("draft", "submitted", "awaiting_endorsement"):
        return True
    return any(e.status == current for e in events)


def endorsements(nomination: Nomination) -> list[Endorsement]:
    """The employer's answers to a self-nomination, latest first (who, when, what, and the organizers' check)."""
    return list(db.session.scalars(sa.select(Endorsement).where(Endorsement.nomination_id == nomination.id)
                                   .order_by(Endorsement.id.desc())))
