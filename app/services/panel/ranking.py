"""The ranking, reproducible from the stored sheets (submitted ones only).

- An expert's weighted total for a finalist: Σ (score ÷ maximum × weight) ÷ Σ weights × 100 (a 0–100 figure).
- Raw mean: the mean of the weighted totals of the experts who scored the finalist — never a sum, so an
  abstention (a declared conflict) neither lowers nor raises anyone's score.
- Normalised mean: each expert's totals become z-scores over the finalists they scored, put back on the
  panel's scale (mean and spread of every total in the round), then averaged. An expert who scored fewer than
  two finalists, or gave all of them the same total, cannot be normalised: their raw totals are used instead.
- Likes component (when the campaign weighs likes): likes ÷ the most likes among the finalists × 100.
- Final = basis × (1 − w) + likes component × w, the basis being the raw or the normalised mean
  (campaign.rank_by_normalised; raw by default), w = likes_weight_percent ÷ 100.

Figures are compared rounded to four decimals. Finalists level at a boundary (the last 港城十大工匠 and the
next, the last 港城工匠 and the next) are a tie: the ranking cannot be confirmed until a recorded decision
orders them — the chair's order with a reason, or a tie-break round among them (its raw means decide) —
never their ids or names.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.models import CRITERIA, Campaign, Nomination, PanelDecision, PanelRound, PanelScore
from app.services.errors import DomainError
from app.services.likes import counts
from app.services.panel import formation, rounds
from app.services.panel.scoring import maxima, weights

PLACES = 4


def weighted_total(campaign: Campaign, scores: dict) -> float:
    w, m = weights(campaign), maxima(campaign)
    return sum(scores[k] / m[k] * w[k] for k in CRITERIA) / sum(w.values()) * 100


@dataclass
class Row:
    nomination: Nomination
    totals: dict[int, float | None] = field(default_factory=dict)  # member id → weighted total; None: abstained
    normalised: dict[int, float] = field(default_factory=dict)  # member id → normalised total
    raw_mean: float | None = None
    normalised_mean: float | None = None
    likes: int = 0
    likes_component: float = 0.0
    final: float | None = None
    position: int = 0  # 1-based place in the order
    shared_with: int = 1  # how many share this figure (still level after every decision)

    @property
    def key(self) -> float | None:
        return None if self.final is None else round(self.final, PLACES)


@dataclass
class Tie:
    boundary: int  # the last place inside the group, e.g. 10
    nomination_ids: list[int]
    first: int  # the places they share
    last: int


@dataclass
class Ranking:
    round: PanelRound | None
    rows: list[Row]
    ties: list[Tie]
    fallback_member_ids: set[int]
    boundaries: list[int]
    by_normalised: bool
    likes_weight: float
    unscored: list[int]

    def problems(self) -> list[str]:
        found = []
        if self.round is None:
            found.append("尚未进行评议")
        elif self.round.closed_at is None:
            found.append("评议尚未结束")
        if self.unscored:
            found.append(f"{len(self.unscored)} 名入围对象没有专家评分")
        for tie in self.ties:
            found.append(f"第 {tie.first}–{tie.last} 名并列（跨越第 {tie.boundary} 名分界），须由评议组组长裁定或加评")
        return found


def _sheets(round_: PanelRound) -> list[PanelScore]:
    return list(db.session.scalars(sa.select(PanelScore).where(PanelScore.round_id == round_.id,
                                                                PanelScore.submitted_at.is_not(None))))


def _normalise(totals_by_member: dict[int, dict[int, float]]) -> tuple[dict[int, dict[int, float]], set[int]]:
    every = [t for totals in totals_by_member.values() for t in totals.values()]
    if not every:
        return {}, set()
    pool_mean, pool_sd = statistics.fmean(every), statistics.pstdev(every)
    result, fallback = {}, set()
    for member_id, totals in totals_by_member.items():
        values = list(totals.values())
        sd = statistics.pstdev(values) if len(values) >= 2 else 0.0
        if len(values) < 2 or round(sd, 9) == 0:
            fallback.add(member_id)
            result[member_id] = dict(totals)
            continue
        mean = statistics.fmean(values)
        result[member_id] = {nid: pool_mean + (t - mean) / sd * pool_sd for nid, t in totals.items()}
    return result, fallback


def round_means(campaign: Campaign, round_: PanelRound) -> dict[int, float]:
    """nomination id → the raw mean of the round's submitted totals (a tie-break round's figure)."""
    totals: dict[int, list[float]] = {}
    for s in _sheets(round_):
        if not s.conflict:
            totals.setdefault(s.nomination_id, []).append(weighted_total(campaign, s.scores))
    return {nid: statistics.fmean(values) for nid, values in totals.items()}


def _decisions(campaign: Campaign) -> list[PanelDecision]:
    return list(db.session.scalars(sa.select(PanelDecision).where(PanelDecision.campaign_id == campaign.id,
                                                                  PanelDecision.kind != "confirmed")
                                   .order_by(PanelDecision.id.desc())))


def _split(campaign: Campaign, group: list[Row], decisions: list[PanelDecision]) -> list[list[Row]]:
    """Order a level group by the latest decision about exactly these finalists; what stays level stays grouped."""
    ids = {r.nomination.id for r in group}
    decision = next((d for d in decisions if set(d.nomination_ids or []) == ids), None)
    if decision is None:
        return [group]
    by_id = {r.nomination.id: r for r in group}
    if decision.kind == "chair_order":
        return [[by_id[nid]] for nid in decision.nomination_ids]
    round_ = db.session.get(PanelRound, decision.round_id)
    if round_ is None or round_.closed_at is None:
        return [group]
    means = round_means(campaign, round_)
    if any(nid not in means for nid in ids):  # someone the further round did not score: still undecided
        return [group]
    keyed: dict[float, list[Row]] = {}
    for row in group:
        keyed.setdefault(round(means[row.nomination.id], PLACES), []).append(row)
    parts = [keyed[k] for k in sorted(keyed, reverse=True)]
    return [p for part in parts for p in (_split(campaign, part, [d for d in decisions if d is not decision]) if len(part) > 1 else [part])]


def compute(campaign: Campaign) -> Ranking:
    round_ = rounds.main_round(campaign)
    finalists = formation.finalists(campaign)
    rows = {n.id: Row(n) for n in finalists}
    totals_by_member: dict[int, dict[int, float]] = {}
    if round_ is not None:
        for s in _sheets(round_):
            row = rows.get(s.nomination_id)
            if row is None:
                continue
            if s.conflict:
                row.totals[s.member_id] = None
            else:
                row.totals[s.member_id] = weighted_total(campaign, s.scores)
                totals_by_member.setdefault(s.member_id, {})[s.nomination_id] = row.totals[s.member_id]
    normalised, fallback = _normalise(totals_by_member)
    for member_id, values in normalised.items():
        for nid, value in values.items():
            rows[nid].normalised[member_id] = value
    likes = counts.like_counts(campaign.id, list(rows)) if rows else {}
    most = max(likes.values(), default=0)
    w = campaign.likes_weight_percent / 100
    by_normalised = bool(campaign.rank_by_normalised)
    for row in rows.values():
        scored = [t for t in row.totals.values() if t is not None]
        row.likes = likes.get(row.nomination.id, 0)
        row.likes_component = row.likes / most * 100 if most else 0.0
        if scored:
            row.raw_mean = statistics.fmean(scored)
            row.normalised_mean = statistics.fmean(row.normalised.values())
            basis = row.normalised_mean if by_normalised else row.raw_mean
            row.final = basis * (1 - w) + row.likes_component * w
    scored_rows = sorted((r for r in rows.values() if r.final is not None), key=lambda r: -r.key)
    unscored = [r for r in rows.values() if r.final is None]
    groups: list[list[Row]] = []
    for row in scored_rows:
        if groups and groups[-1][0].key == row.key:
            groups[-1].append(row)
        else:
            groups.append([row])
    decisions = _decisions(campaign)
    ordered: list[list[Row]] = []
    for group in groups:
        ordered.extend(_split(campaign, group, decisions) if len(group) > 1 else [group])
    top = campaign.top_winner_count
    boundaries = [b for b in sorted({top, top + campaign.winner_count}) if 0 < b < len(scored_rows)]
    ties, place, flat = [], 1, []
    for group in ordered:
        last = place + len(group) - 1
        for row in group:
            row.position, row.shared_with = place, len(group)
            flat.append(row)
        for boundary in boundaries:
            if place <= boundary < last:
                ties.append(Tie(boundary, [r.nomination.id for r in group], place, last))
        place = last + 1
    for row in unscored:
        row.position = place
        flat.append(row)
    return Ranking(round_, flat, ties, fallback, boundaries, by_normalised, w, [r.nomination.id for r in unscored])


def confirmed_order(campaign: Campaign) -> list[int]:
    """Nomination ids in the final order; a DomainError when the ranking cannot be confirmed yet."""
    ranking = compute(campaign)
    problems = ranking.problems()
    if rounds.open_round(campaign) is not None and "评议尚未结束" not in problems:
        problems.insert(0, "加评轮次尚未结束")
    if problems:
        raise DomainError("ranking_not_confirmable", "排名暂不能确认：" + "；".join(problems), 409,
                          details={"problems": problems})
    return [row.nomination.id for row in ranking.rows]
