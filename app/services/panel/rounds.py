"""Scoring rounds: opening (the main round, or a tie-break round among finalists tied at a boundary), closing,
and reminding the members who have not finished."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import ROUND_KINDS, Campaign, PanelMember, PanelRound, User
from app.models.base import utcnow
from app.services import audit
from app.services.accounts import permissions
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.notifications.outbox import notify
from app.services.panel import formation


def rounds(campaign: Campaign) -> list[PanelRound]:
    return list(db.session.scalars(sa.select(PanelRound).where(PanelRound.campaign_id == campaign.id)
                                   .order_by(PanelRound.number)))


def open_round(campaign: Campaign) -> PanelRound | None:
    return next((r for r in rounds(campaign) if r.closed_at is None), None)


def main_round(campaign: Campaign) -> PanelRound | None:
    return next((r for r in reversed(rounds(campaign)) if r.kind == "main"), None)


def round_name(round_: PanelRound) -> str:
    return f"第 {round_.number} 轮{ROUND_KINDS.get(round_.kind, '评议')}"


def sheet_ids(campaign: Campaign, round_: PanelRound) -> dict[int, set[int]]:
    """member id → the nomination ids this round asks them to score."""
    if round_.kind == "main":
        return formation.assignments(campaign)
    return {m.id: set(round_.nomination_ids or []) for m in formation.members(campaign)}


def start(actor: User, campaign: Campaign, *, kind: str, nomination_ids: list[int], boundary: int | None,
          commit: bool = True) -> PanelRound:
    permissions.require(actor, "panel.manage")
    stages.require_open(campaign, "scoring")
    if open_round(campaign) is not None:
        raise DomainError("round_open", "已有一轮评议正在进行，请先结束该轮", 409)
    if not formation.members(campaign):
        raise DomainError("no_panel", "请先组成评议组", 409)
    existing = rounds(campaign)
    round_ = PanelRound(campaign_id=campaign.id, number=len(existing) + 1, kind=kind, nomination_ids=nomination_ids,
                        boundary=boundary, opened_by_id=actor.id, opened_at=utcnow())
    db.session.add(round_)
    db.session.flush()
    sheets = sheet_ids(campaign, round_)
    if not any(sheets.values()):
        raise DomainError("nothing_to_score", "没有分配给评议组的入围对象", 409)
    audit.record("panel.round_opened", "campaign", campaign.id, actor=actor,
                 data={"round": round_.number, "kind": kind, "nomination_ids": nomination_ids, "boundary": boundary})
    for member in formation.members(campaign):
        if sheets.get(member.id):
            notify("panel_round_opened", [member.user_id],
                   {"campaign": campaign.title, "round": round_name(round_), "count": len(sheets[member.id])})
    if commit:
        db.session.commit()
    return round_


def open_main(actor: User, campaign: Campaign) -> PanelRound:
    if main_round(campaign) is not None:
        raise DomainError("main_round_done", "评议轮次已进行过；并列情形请发起并列加评", 409)
    return start(actor, campaign, kind="main", nomination_ids=[], boundary=None)


def close(actor: User, campaign: Campaign) -> PanelRound:
    permissions.require(actor, "panel.manage")
    round_ = open_round(campaign)
    if round_ is None:
        raise DomainError("no_round_open", "当前没有进行中的评议", 409)
    round_.closed_at, round_.closed_by_id = utcnow(), actor.id
    audit.record("panel.round_closed", "campaign", campaign.id, actor=actor, data={"round": round_.number})
    db.session.commit()
    return round_


def member_by_id(member_id: int) -> PanelMember | None:
    return db.session.get(PanelMember, member_id)
