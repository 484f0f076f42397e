"""Who has scored whom in a round: per member and per finalist (counts only, never the figures)."""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, Nomination, PanelMember, PanelRound, PanelScore, User
from app.services import audit
from app.services.accounts import permissions
from app.services.errors import DomainError
from app.services.notifications.outbox import notify
from app.services.panel import formation, rounds


@dataclass
class MemberProgress:
    member: PanelMember
    assigned: int = 0
    submitted: int = 0
    drafts: int = 0
    abstained: int = 0

    @property
    def remaining(self) -> int:
        return self.assigned - self.submitted

    @property
    def done(self) -> bool:
        return self.assigned > 0 and self.remaining == 0


@dataclass
class FinalistProgress:
    nomination: Nomination
    assigned: int = 0
    submitted: int = 0
    abstained: int = 0
    waiting_for: list[PanelMember] = field(default_factory=list)


def _submitted(round_: PanelRound) -> dict[tuple[int, int], PanelScore]:
    return {(s.member_id, s.nomination_id): s for s in db.session.scalars(
        sa.select(PanelScore).where(PanelScore.round_id == round_.id))}


def per_member(campaign: Campaign, round_: PanelRound) -> list[MemberProgress]:
    sheets, wanted = _submitted(round_), rounds.sheet_ids(campaign, round_)
    rows = []
    for member in formation.members(campaign):
        row = MemberProgress(member, assigned=len(wanted.get(member.id, ())))
        for nid in wanted.get(member.id, ()):
            s = sheets.get((member.id, nid))
            if s is None:
                continue
            if s.submitted_at is not None:
                row.submitted += 1
                row.abstained += bool(s.conflict)
            else:
                row.drafts += 1
        rows.append(row)
    return rows


def per_finalist(campaign: Campaign, round_: PanelRound) -> list[FinalistProgress]:
    sheets, wanted = _submitted(round_), rounds.sheet_ids(campaign, round_)
    members = formation.members(campaign)
    ids = sorted({nid for ids in wanted.values() for nid in ids})
    nominations = {n.id: n for n in db.session.scalars(sa.select(Nomination).where(Nomination.id.in_(ids)))}
    rows = []
    for nid in ids:
        row = FinalistProgress(nominations[nid])
        for member in members:
            if nid not in wanted.get(member.id, ()):
                continue
            row.assigned += 1
            s = sheets.get((member.id, nid))
            if s is not None and s.submitted_at is not None:
                row.submitted += 1
                row.abstained += bool(s.conflict)
            else:
                row.waiting_for.append(member)
        rows.append(row)
    return rows


def remind(actor: User, campaign: Campaign) -> int:
    """Tell every member with unsubmitted sheets in the open round; returns how many were reminded."""
    permissions.require(actor, "panel.manage")
    round_ = rounds.open_round(campaign)
    if round_ is None:
        raise DomainError("no_round_open", "当前没有进行中的评议", 409)
    reminded = []
    for row in per_member(campaign, round_):
        if row.remaining:
            notify("panel_reminder", [row.member.user_id],
                   {"campaign": campaign.title, "round": rounds.round_name(round_), "remaining": row.remaining})
            reminded.append(row.member.user_id)
    audit.record("panel.reminded", "campaign", campaign.id, actor=actor,
                 data={"round": round_.number, "user_ids": reminded, "count": len(reminded)})
    db.session.commit()
    return len(reminded)
