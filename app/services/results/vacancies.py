"""递补: after a disqualification, the next in the ranking moves up by a recorded organizer decision.

A vacancy among the winners (港城工匠) is filled by the first not selected by rank. A vacancy among the top winners
(港城十大工匠) is filled by the best-ranked winner, whose place among the winners the first not selected then takes.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import RESULT_GROUP_LABELS, Campaign, ResultEntry, User
from app.models.base import utcnow
from app.services import audit
from app.services.errors import DomainError
from app.services.notifications.outbox import notify
from app.services.results import confirmation

REASON_MAX = 1000


def vacancies(campaign: Campaign) -> list[ResultEntry]:
    """Disqualified winners whose place has not been filled yet."""
    return [e for e in confirmation.entries(campaign)
            if e.disqualified_at is not None and e.group != "not_selected" and not e.vacancy_filled]


def _next_in(campaign: Campaign, group: str) -> ResultEntry | None:
    return db.session.scalars(sa.select(ResultEntry).where(
        ResultEntry.campaign_id == campaign.id, ResultEntry.group == group, ResultEntry.disqualified_at.is_(None))
        .order_by(ResultEntry.rank).limit(1)).first()


def candidates(campaign: Campaign, vacancy: ResultEntry) -> list[tuple[ResultEntry, str]]:
    """Who would move where: [(entry, new group)], best first; empty when nobody is left to move up."""
    moves = []
    if vacancy.group == "top_winner":
        best_winner = _next_in(campaign, "winner")
        if best_winner is not None:
            moves.append((best_winner, "top_winner"))
    newcomer = _next_in(campaign, "not_selected")
    if newcomer is not None:
        moves.append((newcomer, "winner" if moves or vacancy.group == "winner" else "top_winner"))
    return moves


def promote(actor: User, campaign: Campaign, vacancy_id: int, reason: str | None) -> list[ResultEntry]:
    """Fill a disqualified winner's place from the ranking; audited, the promoted told; commits."""
    confirmation.require_manager(actor, campaign)
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise DomainError("validation_error", "请填写递补决定的依据（不超过1000字）", 422,
                          details={"fields": {"reason": "请填写递补依据"}})
    vacancy = db.session.get(ResultEntry, vacancy_id)
    if vacancy is None or vacancy.campaign_id != campaign.id or vacancy not in vacancies(campaign):
        raise DomainError("no_vacancy", "该名额无需递补（未取消资格或已递补）", 409)
    moves = candidates(campaign, vacancy)
    if not moves:
        raise DomainError("no_candidate", "排名中已没有可递补的人选", 409)
    now, moved = utcnow(), []
    for entry, group in moves:
        before = entry.group
        entry.group, entry.promoted_at, entry.promoted_by_id = group, now, actor.id
        entry.promotion_reason, entry.replaces_entry_id = reason, vacancy.id
        entry.nomination.status = group
        moved.append({"nomination_id": entry.nomination_id, "name": entry.nomination.name, "rank": entry.rank,
                      "from": before, "to": group})
        notify("result_promoted", confirmation.recipients(entry.nomination), {
            "nominee": entry.nomination.name, "title": RESULT_GROUP_LABELS[group], "nomination_id": entry.nomination_id})
    vacancy.vacancy_filled = True
    audit.record("results.promote", "campaign", campaign.id, actor=actor, reason=reason, data={
        "nomination_id": vacancy.nomination_id, "vacancy_group": vacancy.group, "moves": moved})
    db.session.commit()
    return [entry for entry, _ in moves]
