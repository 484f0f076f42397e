"""What the shortlist builder shows: the qualified with their likes, the picks, and counts as the list grows.

Likes are shown when the campaign uses them: it weighs them in the final score (likes_weight_percent > 0),
likes were open at some time before now (a stage with the likes switch on has begun), or a nominee of the
pool already has likes (a list reopened after promotion began). Otherwise the column would be zeros only:
in the usual order likes open for the finalists in promotion, after the list is confirmed.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import CHANNEL_LABELS, Campaign, Nomination, NominationChannel, ShortlistDecision
from app.services.likes import counts as like_counts
from app.services.likes import state as like_state
from app.services.nominations.rules import DISTRICTS, ZONES
from app.services.shortlist import picks

SORTS = {"likes": "点赞数", "district": "县区", "name": "姓名", "id": "编号"}
SHOWS = {"all": "全部", "picked": "已选", "unpicked": "未选"}
TRADE_ROWS = 10  # trades are typed freely: the most frequent ones, then 其他工种
SELF_LABEL = "个人自荐"  # no recommending organization
PLACE_ORDER = {name: i for i, name in enumerate(DISTRICTS + ZONES)}


@dataclass(frozen=True)
class Filters:
    district: str | None = None
    trade: str | None = None
    channel: str | None = None
    org_id: int | None = None
    q: str | None = None
    show: str = "all"
    sort: str | None = None  # None: by likes when likes are shown, else by district


@dataclass(frozen=True)
class Row:
    nomination: Nomination
    picked: bool
    likes: int


@dataclass(frozen=True)
class Tally:
    label: str
    picked: int
    pool: int
    query: dict = field(default_factory=dict)  # the builder's filter showing these nominees


@dataclass
class Board:
    campaign: Campaign
    decision: ShortlistDecision | None
    locked: bool
    rows: list[Row]  # the pool, filtered and sorted
    pool_size: int
    picked: int  # picks that count (qualified, or finalists of a confirmed list)
    stale: list[Nomination]  # picks no longer qualified: they must come off before confirming
    target: int
    tallies: dict[str, list[Tally]]
    uses_likes: bool
    sort: str
    fingerprint: str
    districts: list[str]
    trades: list[str]
    organizations: list[tuple[int, str]]

    @property
    def missing(self) -> int:
        return self.target - self.picked

    @property
    def ready(self) -> bool:
        return self.picked == self.target and not self.stale


def _pool(campaign: Campaign, decision: ShortlistDecision | None, locked: bool) -> list[Nomination]:
    query = sa.select(Nomination).options(so.joinedload(Nomination.nominating_org))
    if locked:  # what the confirmation decided on, whatever happened to the statuses since
        ids = [*decision.finalist_ids, *decision.not_shortlisted_ids]
        query = query.where(Nomination.id.in_(ids))
    else:
        query = query.where(Nomination.campaign_id == campaign.id, Nomination.status == picks.PICKABLE_STATUS)
    return list(db.session.scalars(query))


def uses_likes(campaign: Campaign, counts: dict[int, int], now_ms: int | None = None) -> bool:
    now_ms = now_ms if now_ms is not None else int(time.time() * 1000)
    opened_before = any(start <= now_ms for start, _ in like_state.like_windows(campaign))
    return campaign.likes_weight_percent > 0 or opened_before or any(counts.values())


def _organization(n: Nomination) -> tuple[str, dict]:
    if n.nominating_org is not None:
        return n.nominating_org.name, {"org": n.nominating_org.id}
    return SELF_LABEL, {"channel": NominationChannel.self_nomination.value}


def _tallies(pool: list[Nomination], chosen: set[int]) -> dict[str, list[Tally]]:
    def tally(key_of) -> list[Tally]:
        total, picked, queries = Counter(), Counter(), {}
        for n in pool:
            label, query = key_of(n)
            total[label] += 1
            picked[label] += n.id in chosen
            queries[label] = query
        rows = [Tally(label, picked[label], count, queries[label]) for label, count in total.items()]
        return sorted(rows, key=lambda t: (-t.pool, -t.picked, PLACE_ORDER.get(t.label, 99), t.label))

    trades = tally(lambda n: (n.trade or "未填写", {"trade": n.trade or ""}))
    if len(trades) > TRADE_ROWS + 1:
        rest = trades[TRADE_ROWS:]
        trades = trades[:TRADE_ROWS] + [Tally(f"其他工种（{len(rest)} 种）", sum(t.picked for t in rest),
                                              sum(t.pool for t in rest))]
    return {
        "district": tally(lambda n: (n.district or "未填写", {"district": n.district or ""})),
        "channel": tally(lambda n: (CHANNEL_LABELS[n.channel], {"channel": n.channel.value})),
        "organization": tally(_organization),
        "trade": trades,
    }


def _matches(n: Nomination, picked: bool, f: Filters) -> bool:
    if f.district and n.district != f.district:
        return False
    if f.trade and (n.trade or "") != f.trade:
        return False
    if f.channel and n.channel.value != f.channel:
        return False
    if f.org_id and n.nominating_org_id != f.org_id:
        return False
    if f.q and f.q.strip():
        term = f.q.strip().lower()
        if term not in (n.name or "").lower() and term not in (n.employer_name or "").lower():
            return False
    return {"picked": picked, "unpicked": not picked}.get(f.show, True)


def _sorted(rows: list[Row], sort: str) -> list[Row]:
    keys = {
        "likes": lambda r: (-r.likes, r.nomination.id),
        "district": lambda r: (PLACE_ORDER.get(r.nomination.district, 99), r.nomination.district or "",
                               -r.likes, r.nomination.id),
        "name": lambda r: (r.nomination.name or "", r.nomination.id),
        "id": lambda r: r.nomination.id,
    }
    return sorted(rows, key=keys[sort])


def build(campaign: Campaign, filters: Filters = Filters()) -> Board:
    decision = picks.current_decision(campaign)
    locked = decision is not None and decision.status == "confirmed"
    pool = _pool(campaign, decision, locked)
    chosen_ids = set(decision.finalist_ids) if locked else set(picks.picked_ids(campaign))
    in_pool = {n.id for n in pool}
    stale = [] if locked else list(db.session.scalars(
        sa.select(Nomination).where(Nomination.id.in_(chosen_ids - in_pool)).order_by(Nomination.id)))
    counts = like_counts.like_counts(campaign.id, sorted(in_pool | chosen_ids))
    likes_shown = uses_likes(campaign, counts)
    sort = filters.sort if filters.sort in SORTS else ("likes" if likes_shown else "district")
    rows = [Row(n, n.id in chosen_ids, counts.get(n.id, 0)) for n in pool]
    rows = _sorted([r for r in rows if _matches(r.nomination, r.picked, filters)], sort)
    organizations = sorted({(n.nominating_org.id, n.nominating_org.name) for n in pool if n.nominating_org},
                           key=lambda o: o[1])
    trades = sorted({n.trade for n in pool if n.trade})
    districts = sorted({n.district for n in pool if n.district}, key=lambda d: (PLACE_ORDER.get(d, 99), d))
    return Board(campaign=campaign, decision=decision, locked=locked, rows=rows, pool_size=len(pool),
                 picked=len(chosen_ids & in_pool), stale=stale, target=campaign.finalist_count,
                 tallies=_tallies(pool, chosen_ids), uses_likes=likes_shown, sort=sort,
                 fingerprint=picks.fingerprint(chosen_ids), districts=districts, trades=trades,
                 organizations=organizations)


def history(campaign: Campaign) -> list[ShortlistDecision]:
    """Decisions reopened earlier, newest first: the record of why the list changed after a confirmation."""
    return list(db.session.scalars(sa.select(ShortlistDecision).where(
        ShortlistDecision.campaign_id == campaign.id, ShortlistDecision.status == "reopened")
        .order_by(ShortlistDecision.id.desc())))
