"""An expert's sheets: four scores and a comment, or a declared conflict of interest (then abstains)."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import CONFLICT_KINDS, CRITERIA, Campaign, Nomination, PanelMember, PanelRound, PanelScore, User
from app.models.base import utcnow
from app.services import audit
from app.services.accounts import permissions
from app.services.errors import DomainError, forbidden, not_found
from app.services.panel import formation, rounds

COMMENT_MAX = 1000


def maxima(campaign: Campaign) -> dict[str, int]:
    return {key: getattr(campaign, f"max_{key}") for key in CRITERIA}


def weights(campaign: Campaign) -> dict[str, int]:
    return {key: getattr(campaign, f"weight_{key}") for key in CRITERIA}


def require_member(user: User, campaign: Campaign) -> PanelMember:
    permissions.require(user, "scoring.take_part")
    member = formation.member_of(campaign, user)
    if member is None:
        raise forbidden("您不是本届评议组成员")
    return member


def sheet(round_: PanelRound, member: PanelMember, nomination_id: int) -> PanelScore | None:
    return db.session.scalars(sa.select(PanelScore).where(PanelScore.round_id == round_.id,
                                                          PanelScore.member_id == member.id,
                                                          PanelScore.nomination_id == nomination_id)).first()


def sheets_of(round_: PanelRound, member: PanelMember) -> dict[int, PanelScore]:
    return {s.nomination_id: s for s in db.session.scalars(
        sa.select(PanelScore).where(PanelScore.round_id == round_.id, PanelScore.member_id == member.id))}


def current_round_for(campaign: Campaign) -> PanelRound | None:
    """The open round, else the last one (read-only)."""
    all_rounds = rounds.rounds(campaign)
    return rounds.open_round(campaign) or (all_rounds[-1] if all_rounds else None)


def assigned_nomination(user: User, campaign: Campaign, nomination_id: int) -> tuple[PanelMember, Nomination]:
    """The finalist this expert may look at: assigned to them in some round."""
    member = require_member(user, campaign)
    allowed = set(formation.assignments(campaign).get(member.id, set()))
    for round_ in rounds.rounds(campaign):
        allowed |= rounds.sheet_ids(campaign, round_).get(member.id, set())
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.campaign_id != campaign.id or nomination_id not in allowed:
        raise not_found("分配给您的入围对象")
    return member, nomination


def _parse_scores(campaign: Campaign, raw: dict) -> dict[str, int]:
    errors, scores = {}, {}
    for key, label in CRITERIA.items():
        high = maxima(campaign)[key]
        try:
            value = int(str(raw.get(key, "")).strip())
        except ValueError:
            errors[key] = f"请填写{label}得分（0–{high} 的整数）"
            continue
        if not 0 <= value <= high:
            errors[key] = f"{label}得分应在 0–{high} 之间"
        else:
            scores[key] = value
    if errors:
        raise DomainError("invalid_scores", "评分有误，请按提示修改", 400, details={"fields": errors})
    return scores


def save(user: User, campaign: Campaign, nomination_id: int, *, scores: dict | None = None, comment: str = "",
         conflict: str | None = None, conflict_reason: str = "", submit: bool = False) -> PanelScore:
    """Save (or submit) this expert's sheet in the open round. A conflict replaces the scores."""
    member, _nomination = assigned_nomination(user, campaign, nomination_id)
    round_ = rounds.open_round(campaign)
    if round_ is None:
        raise DomainError("round_closed", "评议未开放或已结束，不能再修改评分", 409)
    if nomination_id not in rounds.sheet_ids(campaign, round_).get(member.id, set()):
        raise DomainError("not_in_round", "本轮评议不包括此入围对象", 409)
    row = sheet(round_, member, nomination_id)
    if row is not None and row.submitted_at is not None:
        raise DomainError("already_submitted", "评分已提交，不能再修改", 409)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError("invalid_scores", "评分有误，请按提示修改", 400,
                          details={"fields": {"comment": f"评语不超过 {COMMENT_MAX} 字"}})
    if conflict:
        reason = (conflict_reason or "").strip()
        errors = {}
        if conflict not in CONFLICT_KINDS:
            errors["conflict"] = "请选择回避原因：同事、亲属、同一单位或其他"
        if not reason or len(reason) > 500:
            errors["conflict_reason"] = "请说明回避理由（500 字以内）"
        if errors:
            raise DomainError("invalid_conflict", "回避申明有误", 400, details={"fields": errors})
        values, comment = {}, ""
    else:
        values, reason, conflict = _parse_scores(campaign, scores or {}), None, None
    if row is None:
        row = PanelScore(round_id=round_.id, member_id=member.id, nomination_id=nomination_id)
        db.session.add(row)
    row.scores, row.comment, row.conflict, row.conflict_reason = values, comment or None, conflict, reason
    row.updated_at = utcnow()
    if submit:
        row.submitted_at = utcnow()
    # The audit keeps who acted and when, not the figures: other experts must not read them in the log.
    audit.record("panel.conflict_declared" if conflict else ("panel.score_submitted" if submit else "panel.score_saved"),
                 "nomination", nomination_id, actor=user,
                 data={"round": round_.number, "conflict": conflict, "submitted": bool(submit)})
    db.session.commit()
    return row
