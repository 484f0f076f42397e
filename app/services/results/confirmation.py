"""Confirming the results from the panel's ranking: top winners, winners and not selected."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Campaign, Nomination, NominationChannel, ResultEntry, ResultNotice, User
from app.services import audit
from app.services.accounts import permissions
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.nominations import access
from app.services.notifications.outbox import notify
from app.services.panel import decisions as panel_decisions

EVENTS = {"top_winner": "result_top", "winner": "result_winner", "not_selected": "result_not_selected"}


def finalists(campaign: Campaign) -> list[Nomination]:
    return list(db.session.scalars(sa.select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.status == "finalist").order_by(Nomination.id)))


def proposed_order(campaign: Campaign) -> list[int]:
    """The panel's confirmed ranking (its latest confirmation), best first; empty until the panel confirms one."""
    decision = panel_decisions.confirmed(campaign)
    return [int(i) for i in decision.nomination_ids] if decision else []


def recipients(nomination: Nomination) -> set[int]:
    """The nominee's account (a self-nominee filed it themselves) and the recommending organization's representatives."""
    people = {nomination.nominee_user_id}
    if nomination.channel == NominationChannel.self_nomination:
        people.add(nomination.submitted_by_id)
    people.update(access.representative_ids(nomination.nominating_org_id))
    return people - {None}


def current_notice(campaign: Campaign) -> ResultNotice | None:
    return db.session.scalars(sa.select(ResultNotice).where(ResultNotice.campaign_id == campaign.id)).first()


def entries(campaign: Campaign) -> list[ResultEntry]:
    return list(db.session.scalars(sa.select(ResultEntry).where(ResultEntry.campaign_id == campaign.id)
                                   .order_by(ResultEntry.rank)))


def group_for(rank: int, campaign: Campaign) -> str:
    if rank <= campaign.top_winner_count:
        return "top_winner"
    if rank <= campaign.top_winner_count + campaign.winner_count:
        return "winner"
    return "not_selected"


def require_manager(actor: User, campaign: Campaign) -> None:
    permissions.require(actor, "results.manage")
    stages.require_stage_for(campaign, "results")


def confirm_results(actor: User, campaign: Campaign, ordered_ids: list[int]) -> ResultNotice:
    """Name the results from the ordered finalists (best first); statuses through the ORM; audited; commits."""
    require_manager(actor, campaign)
    if current_notice(campaign) is not None:
        raise DomainError("results_confirmed", "本届评选结果已经确认，不能重复确认", 409)
    ordered = [int(i) for i in ordered_ids]
    # Results follow the panel's confirmed ranking and nothing else; the order posted back proves the
    # organizer confirmed what they saw (a later confirmation of the panel makes the page stale).
    panel_order = proposed_order(campaign)
    if not panel_order:
        raise DomainError("ranking_not_confirmed", "评议组尚未确认排名：请先在“专家评议 → 评议排名”中确认排名", 409)
    if ordered != panel_order:
        raise DomainError("ranking_changed", "评议组的排名已重新确认，与本页不一致，请刷新页面核对后再确认", 409)
    by_id = {n.id: n for n in finalists(campaign)}
    if len(set(ordered)) != len(ordered):
        raise DomainError("ranking_invalid", "排名中有重复的入围对象，请核对后再确认", 422)
    unknown = [i for i in ordered if i not in by_id]
    missing = [i for i in by_id if i not in set(ordered)]
    if unknown or missing:
        raise DomainError("ranking_invalid", f"排名与入围名单不一致（缺少 {len(missing)} 人，多出 {len(unknown)} 人），"
                          "请刷新后再确认", 409, details={"missing": missing, "unknown": unknown})
    if not ordered:
        raise DomainError("no_finalists", "没有入围对象，无法确认评选结果", 409)

    notice = ResultNotice(campaign_id=campaign.id, confirmed_by_id=actor.id)
    db.session.add(notice)
    counts, notified = {"top_winner": 0, "winner": 0, "not_selected": 0}, 0
    for rank, nomination_id in enumerate(ordered, start=1):
        nomination = by_id[nomination_id]
        group = group_for(rank, campaign)
        nomination.status = group
        db.session.add(ResultEntry(campaign_id=campaign.id, nomination_id=nomination.id, rank=rank,
                                   confirmed_group=group, group=group))
        counts[group] += 1
        people = recipients(nomination)
        notify(EVENTS[group], people, {"nominee": nomination.name, "nomination_id": nomination.id})
        notified += len(people)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DomainError("results_confirmed", "本届评选结果已经确认，不能重复确认", 409) from None
    audit.record("results.confirm", "campaign", campaign.id, actor=actor, data={**counts, "notified": notified})
    db.session.commit()
    return notice
