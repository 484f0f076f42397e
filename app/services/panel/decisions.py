"""Recorded decisions: a tie at a boundary resolved by the chair's order (with a reason) or by a tie-break
round among the tied, and the confirmation of the ranking that the results consume."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, PanelDecision, PanelRound, User
from app.services import audit
from app.services.accounts import permissions
from app.services.errors import DomainError
from app.services.panel import formation, ranking, rounds

REASON_MAX = 500


def _tie(campaign: Campaign, boundary: int) -> ranking.Tie:
    if rounds.open_round(campaign) is not None:
        raise DomainError("round_open", "评议正在进行，结束后才能处理并列", 409)
    tie = next((t for t in ranking.compute(campaign).ties if t.boundary == boundary), None)
    if tie is None:
        raise DomainError("no_tie", f"第 {boundary} 名处没有待解决的并列", 409)
    return tie


def open_tiebreak(actor: User, campaign: Campaign, boundary: int) -> PanelRound:
    """A further scoring round among the finalists tied at `boundary`; its raw means will order them."""
    permissions.require(actor, "panel.manage")
    tie = _tie(campaign, boundary)
    round_ = rounds.start(actor, campaign, kind="tiebreak", nomination_ids=list(tie.nomination_ids),
                          boundary=boundary, commit=False)
    db.session.add(PanelDecision(campaign_id=campaign.id, kind="tiebreak_round", boundary=boundary,
                                 nomination_ids=list(tie.nomination_ids), round_id=round_.id, decided_by_id=actor.id))
    audit.record("panel.tie_round", "campaign", campaign.id, actor=actor,
                 data={"boundary": boundary, "nomination_ids": list(tie.nomination_ids), "round": round_.number})
    db.session.commit()
    return round_


def chair_order(actor: User, campaign: Campaign, boundary: int, order: list[int], reason: str) -> PanelDecision:
    """The panel chair's order of the tied finalists, recorded with the reason."""
    permissions.require(actor, "panel.manage")
    tie = _tie(campaign, boundary)
    chair = formation.chair(campaign)
    if chair is None:
        raise DomainError("no_chair", "评议组尚未指定组长", 409)
    reason = (reason or "").strip()
    errors = {}
    if sorted(order) != sorted(tie.nomination_ids) or len(set(order)) != len(order):
        errors["order"] = "请为每位并列的入围对象排定名次，且名次不能重复"
    if not reason or len(reason) > REASON_MAX:
        errors["reason"] = f"请填写组长裁定的理由（{REASON_MAX} 字以内）"
    if errors:
        raise DomainError("invalid_decision", "裁定有误，请按提示修改", 400, details={"fields": errors})
    decision = PanelDecision(campaign_id=campaign.id, kind="chair_order", boundary=boundary, nomination_ids=list(order),
                             chair_member_id=chair.id, reason=reason, decided_by_id=actor.id)
    db.session.add(decision)
    audit.record("panel.tie_decided", "campaign", campaign.id, actor=actor, reason=reason,
                 data={"boundary": boundary, "order": list(order), "user_id": chair.user_id})
    db.session.commit()
    return decision


def history(campaign: Campaign) -> list[PanelDecision]:
    return list(db.session.scalars(sa.select(PanelDecision).where(PanelDecision.campaign_id == campaign.id)
                                   .order_by(PanelDecision.id.desc())))


def confirmed(campaign: Campaign) -> PanelDecision | None:
    return db.session.scalars(sa.select(PanelDecision).where(PanelDecision.campaign_id == campaign.id,
                                                             PanelDecision.kind == "confirmed")
                              .order_by(PanelDecision.id.desc())).first()


def confirm(actor: User, campaign: Campaign) -> PanelDecision:
    """Record the ranking as it stands (refused while it has problems), with every figure behind it."""
    permissions.require(actor, "panel.manage")
    order = ranking.confirmed_order(campaign)
    computed = ranking.compute(campaign)
    figures = {str(r.nomination.id): {"raw": r.raw_mean, "normalised": r.normalised_mean, "likes": r.likes,
                                      "final": r.final, "position": r.position} for r in computed.rows}
    decision = PanelDecision(campaign_id=campaign.id, kind="confirmed", nomination_ids=order,
                             figures={"rows": figures, "by_normalised": computed.by_normalised,
                                      "likes_weight": computed.likes_weight}, decided_by_id=actor.id)
    db.session.add(decision)
    audit.record("panel.ranking_confirmed", "campaign", campaign.id, actor=actor,
                 data={"count": len(order), "top": order[:campaign.top_winner_count],
                       "basis": "normalised" if computed.by_normalised else "raw"})
    db.session.commit()
    return decision
