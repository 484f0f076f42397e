"""Confirming the shortlist with the leadership group's decision, and reopening a confirmed list.

Confirming, in one transaction: the picked become finalists (入围) and the other qualified not shortlisted
(未入围), statuses changed through the ORM so the one-person keys and the likeable set follow (likes/state.py
makes finalists likeable as soon as the promotion stage opens likes); the finalists' stories are published;
every nominee whose outcome is new is told, with their recommending organization's representatives.
Reopening undoes exactly that and unlocks the list; people are told again only if the next confirmation
changes what they were told.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, Nomination, NominationChannel, ShortlistDecision, User
from app.models.base import utcnow
from app.services import audit
from app.services.accounts import permissions
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.nominations import access
from app.services.nominees import profiles
from app.services.notifications.outbox import notify
from app.services.shortlist import decision as decisions
from app.services.shortlist import picks

REASON_MAX = 500
EVENTS = {"finalist": "shortlisted", "not_shortlisted": "not_shortlisted"}


def _nominations(ids) -> list[Nomination]:
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Nomination).where(Nomination.id.in_(list(ids)))
                                   .order_by(Nomination.id).execution_options(populate_existing=True)))


def recipients(nomination: Nomination) -> set[int]:
    """The nominee's account (a self-nominee filed it themselves) and the recommending organization's representatives."""
    people = {nomination.nominee_user_id}
    if nomination.channel == NominationChannel.self_nomination:
        people.add(nomination.submitted_by_id)
    people.update(access.representative_ids(nomination.nominating_org_id))
    return people - {None}


def _told_before(campaign: Campaign) -> dict[int, str]:
    """What the last reopened confirmation told each nominee (nothing when there was none)."""
    last = db.session.scalars(sa.select(ShortlistDecision).where(
        ShortlistDecision.campaign_id == campaign.id, ShortlistDecision.status == "reopened")
        .order_by(ShortlistDecision.id.desc()).limit(1)).first()
    if last is None:
        return {}
    return {**{i: "not_shortlisted" for i in last.not_shortlisted_ids}, **{i: "finalist" for i in last.finalist_ids}}


def _require_confirmable(campaign: Campaign, decision: ShortlistDecision | None, chosen: list[Nomination],
                         expected: str | None) -> None:
    missing = decisions.missing_for_confirmation(decision)
    if missing:
        raise DomainError("decision_incomplete", f"请先完整填写领导小组决定：缺少{'、'.join(missing)}", 422,
                          details={"missing": missing})
    ids = [n.id for n in chosen]
    if expected is not None and expected != picks.fingerprint(ids):
        raise DomainError("shortlist_changed", "入围名单刚刚被其他工作人员修改，请核对最新名单后再确认", 409)
    stale = [n for n in chosen if n.status != picks.PICKABLE_STATUS]
    if stale:
        names = "、".join(n.name or f"第{n.id}号" for n in stale[:5]) + (" 等" if len(stale) > 5 else "")
        raise DomainError("picks_not_qualified", f"已选名单中有 {len(stale)} 人已不是“审核合格”状态（{names}），"
                          "请先将其移出名单", 409, details={"nomination_ids": [n.id for n in stale]})
    target = campaign.finalist_count
    if len(chosen) != target:
        gap = f"还差 {target - len(chosen)} 人" if len(chosen) < target else f"多了 {len(chosen) - target} 人"
        raise DomainError("shortlist_size", f"入围名单应为 {target} 人（活动设置），目前已选 {len(chosen)} 人，{gap}", 409,
                          details={"expected": target, "picked": len(chosen)})


def confirm(actor: User, campaign: Campaign, *, expected: str | None = None) -> ShortlistDecision:
    """Confirm the draft list with the current decision; `expected` is the fingerprint of the list the organizer saw."""
    picks.require_changeable(actor, campaign)
    picks.lock(campaign)
    picks.require_changeable(actor, campaign, fresh=True)
    decision = picks.current_decision(campaign, fresh=True)
    chosen = _nominations(picks.picked_ids(campaign))
    _require_confirmable(campaign, decision, chosen, expected)
    chosen_ids = {n.id for n in chosen}
    others = [n for n in db.session.scalars(sa.select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.status == picks.PICKABLE_STATUS)
        .order_by(Nomination.id).execution_options(populate_existing=True)) if n.id not in chosen_ids]

    told = _told_before(campaign)
    published, notified = [], 0
    for nomination, status in [*((n, "finalist") for n in chosen), *((n, "not_shortlisted") for n in others)]:
        nomination.status = status
        if status == "finalist" and profiles.mark_story_published(nomination):
            published.append(nomination.id)
        if told.get(nomination.id) != status:
            people = recipients(nomination)
            notify(EVENTS[status], people, {"nominee": nomination.name, "nomination_id": nomination.id,
                                            "count": campaign.finalist_count})
            notified += len(people)

    decision.status, decision.confirmed_by_id, decision.confirmed_at = "confirmed", actor.id, utcnow()
    decision.finalist_ids = sorted(chosen_ids)
    decision.not_shortlisted_ids = [n.id for n in others]
    decision.published_story_ids = published
    audit.record("shortlist.confirm", "shortlist_decision", decision.id, actor=actor, data={
        "finalists": len(chosen), "not_shortlisted": len(others), "stories_published": len(published),
        "notified": notified, "decided_on": decision.decided_on.isoformat(), "meeting": decision.meeting})
    db.session.commit()
    return decision


def reopen(actor: User, campaign: Campaign, reason: str | None) -> ShortlistDecision:
    """Unlock a confirmed list: its finalists and not shortlisted are qualified again, their stories hidden again."""
    permissions.require(actor, "shortlist.manage")
    stages.require_stage_for(campaign, "shortlist")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("validation_error", "请填写重新开放名单的原因", 422, details={"fields": {"reason": "请填写原因"}})
    if len(reason) > REASON_MAX:
        raise DomainError("validation_error", f"原因不能超过{REASON_MAX}字", 422,
                          details={"fields": {"reason": f"不能超过{REASON_MAX}字"}})
    picks.lock(campaign)
    decision = picks.current_decision(campaign, fresh=True)
    if decision is None or decision.status != "confirmed":
        raise DomainError("shortlist_not_confirmed", "入围名单尚未确认，无需重新开放", 409)
    finalists, others = set(decision.finalist_ids), set(decision.not_shortlisted_ids)
    reverted, hidden, unchanged = 0, 0, []
    for nomination in _nominations(finalists | others):
        before = "finalist" if nomination.id in finalists else "not_shortlisted"
        if nomination.status != before:  # moved on since (withdrawn, or a later stage): left as it is
            unchanged.append(nomination.id)
            continue
        nomination.status = picks.PICKABLE_STATUS
        reverted += 1
        if nomination.id in decision.published_story_ids and profiles.mark_story_published(nomination, False):
            hidden += 1
    decision.status, decision.current_campaign_id = "reopened", None
    decision.reopened_by_id, decision.reopened_at, decision.reopen_reason = actor.id, utcnow(), reason
    audit.record("shortlist.reopen", "shortlist_decision", decision.id, actor=actor, reason=reason, data={
        "reverted": reverted, "unchanged": unchanged, "stories_hidden": hidden,
        "decided_on": decision.decided_on.isoformat() if decision.decided_on else None,
        "meeting": decision.meeting})
    db.session.commit()
    return decision
