"""The panel's members and who scores whom."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import MEMBER_KINDS, Campaign, Nomination, PanelAssignment, PanelMember, PanelRound, User
from app.services import audit
from app.services.accounts import permissions
from app.services.errors import DomainError, not_found

FINALIST = "finalist"


def members(campaign: Campaign) -> list[PanelMember]:
    return list(db.session.scalars(sa.select(PanelMember).where(PanelMember.campaign_id == campaign.id)
                                   .order_by(PanelMember.is_chair.desc(), PanelMember.id)))


def member_of(campaign: Campaign, user: User) -> PanelMember | None:
    return db.session.scalars(sa.select(PanelMember).where(PanelMember.campaign_id == campaign.id,
                                                           PanelMember.user_id == user.id)).first()


def chair(campaign: Campaign) -> PanelMember | None:
    return next((m for m in members(campaign) if m.is_chair), None)


def finalists(campaign: Campaign) -> list[Nomination]:
    return list(db.session.scalars(sa.select(Nomination).where(Nomination.campaign_id == campaign.id,
                                                               Nomination.status == FINALIST)
                                   .order_by(Nomination.id)))


def experts_available(campaign: Campaign) -> list[User]:
    """Enabled console accounts with the expert role who are not on the panel yet."""
    taken = {m.user_id for m in members(campaign)}
    users = db.session.scalars(sa.select(User).where(User.username.is_not(None), User.disabled_at.is_(None))
                               .order_by(User.id))
    return [u for u in users if "expert" in (u.roles or []) and u.id not in taken]


def _any_round(campaign: Campaign) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(PanelRound)
                             .where(PanelRound.campaign_id == campaign.id)) > 0


def _require_unscored(campaign: Campaign) -> None:
    if _any_round(campaign):
        raise DomainError("panel_started", "评议已经开始，不能再调整评议组成员和分配", 409)


def add_member(actor: User, campaign: Campaign, user_id: int, *, unit: str, kind: str,
               is_chair: bool = False) -> PanelMember:
    permissions.require(actor, "panel.manage")
    _require_unscored(campaign)
    user = db.session.get(User, user_id)
    if user is None:
        raise not_found("账号")
    errors = {}
    if "expert" not in (user.roles or []) or user.disabled_at is not None:
        errors["user_id"] = "只能添加启用中的评议专家账号"
    unit = (unit or "").strip()
    if not unit or len(unit) > 120:
        errors["unit"] = "请填写所在单位（120 字以内）"
    if kind not in MEMBER_KINDS:
        errors["kind"] = "请选择类别：相关单位领导或行业专家"
    if errors:
        raise DomainError("invalid_member", "评议组成员信息有误", 400, details={"fields": errors})
    if member_of(campaign, user) is not None:
        raise DomainError("already_member", f"{user.display_name}已在评议组中", 409)
    if is_chair:
        _clear_chair(campaign)
    member = PanelMember(campaign_id=campaign.id, user_id=user.id, unit=unit, kind=kind, is_chair=bool(is_chair))
    db.session.add(member)
    db.session.flush()
    for nomination in finalists(campaign):  # all to all by default
        db.session.add(PanelAssignment(campaign_id=campaign.id, member_id=member.id, nomination_id=nomination.id))
    audit.record("panel.member_added", "user", user.id, actor=actor,
                 data={"unit": unit, "kind": kind, "chair": bool(is_chair)})
    db.session.commit()
    return member


def _clear_chair(campaign: Campaign) -> None:
    for m in members(campaign):
        m.is_chair = False


def _member(campaign: Campaign, member_id: int) -> PanelMember:
    member = db.session.get(PanelMember, member_id)
    if member is None or member.campaign_id != campaign.id:
        raise not_found("评议组成员")
    return member


def set_chair(actor: User, campaign: Campaign, member_id: int) -> None:
    permissions.require(actor, "panel.manage")
    member = _member(campaign, member_id)
    if member.is_chair:
        return
    _clear_chair(campaign)
    member.is_chair = True
    audit.record("panel.chair_set", "user", member.user_id, actor=actor, data={})
    db.session.commit()


def remove_member(actor: User, campaign: Campaign, member_id: int) -> None:
    permissions.require(actor, "panel.manage")
    _require_unscored(campaign)
    member = _member(campaign, member_id)
    db.session.execute(sa.delete(PanelAssignment).where(PanelAssignment.member_id == member.id))
    audit.record("panel.member_removed", "user", member.user_id, actor=actor, data={"unit": member.unit})
    db.session.delete(member)
    db.session.commit()


def assignments(campaign: Campaign) -> dict[int, set[int]]:
    """member id → the nomination ids assigned to them."""
    result: dict[int, set[int]] = {m.id: set() for m in members(campaign)}
    for member_id, nomination_id in db.session.execute(
            sa.select(PanelAssignment.member_id, PanelAssignment.nomination_id)
            .where(PanelAssignment.campaign_id == campaign.id)):
        result.setdefault(member_id, set()).add(nomination_id)
    return result


def set_assignment(actor: User, campaign: Campaign, member_id: int, nomination_id: int, assigned: bool) -> None:
    permissions.require(actor, "panel.manage")
    _require_unscored(campaign)
    member = _member(campaign, member_id)
    if nomination_id not in {n.id for n in finalists(campaign)}:
        raise DomainError("not_finalist", "只能分配入围对象", 409)
    row = db.session.scalars(sa.select(PanelAssignment).where(PanelAssignment.member_id == member.id,
                                                              PanelAssignment.nomination_id == nomination_id)).first()
    if assigned == (row is not None):
        return
    if assigned:
        db.session.add(PanelAssignment(campaign_id=campaign.id, member_id=member.id, nomination_id=nomination_id))
    else:
        db.session.delete(row)
    audit.record("panel.assigned" if assigned else "panel.unassigned", "nomination", nomination_id, actor=actor,
                 data={"user_id": member.user_id})
    db.session.commit()


def assign_all(actor: User, campaign: Campaign) -> int:
    """Every finalist to every member (the default); returns how many assignments were added."""
    permissions.require(actor, "panel.manage")
    _require_unscored(campaign)
    current = assignments(campaign)
    added = 0
    for member in members(campaign):
        for nomination in finalists(campaign):
            if nomination.id not in current.get(member.id, set()):
                db.session.add(PanelAssignment(campaign_id=campaign.id, member_id=member.id,
                                               nomination_id=nomination.id))
                added += 1
    audit.record("panel.assigned_all", "campaign", campaign.id, actor=actor, data={"added": added})
    db.session.commit()
    return added
