"""The review queue: the nominations ready for review and what became of them, filtered, counted by state, paged."""
from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, Nomination, NominationChannel, NominationReview, Organization
from app.services.errors import DomainError
from app.services.nominations import search

# The states of review as organizers count them, and the statuses each covers.
STATES = {
    "pending": "待审核",
    "in_review": "审核中",
    "returned": "已退回",
    "qualified": "合格",
    "rejected": "不予通过",
}
STATE_STATUSES = {
    "pending": ("submitted", "endorsed"),
    "in_review": ("under_review",),
    "returned": ("returned",),
    # Shortlisting and the results come after a nomination qualified: it still passed review.
    "qualified": ("qualified", "finalist", "not_shortlisted", "top_winner", "winner", "not_selected", "disqualified"),
    "rejected": ("rejected",),
}
# "open": what still waits for a decision (the default view); "all": every state.
VIEWS = {"open": "待处理（待审核和审核中）", **STATES, "all": "全部"}
PRIORITIES = {"chief": "曾获市“首席员工”称号", "innovation": "职工科技创新成果奖主要完成人", "any": "任一优先推荐条件"}
PER_PAGE = 20


@dataclass(frozen=True)
class Filters:
    state: str = "open"
    district: str | None = None
    channel: str | None = None
    org_id: int | None = None
    trade: str | None = None
    priority: str | None = None
    q: str | None = None


def _state_condition(state: str):
    if state == "returned":
        # A return by review has a deadline; a return by the employer (单位不予认可) has none and is not review's.
        return sa.and_(Nomination.status == "returned", Nomination.resubmit_by.is_not(None))
    return Nomination.status.in_(STATE_STATUSES[state])


def _any_state():
    return sa.or_(*(_state_condition(s) for s in STATES))


def _where(campaign: Campaign, filters: Filters, *, with_state: bool = True) -> list:
    conditions = [Nomination.campaign_id == campaign.id]
    if with_state:
        if filters.state == "open":
            conditions.append(Nomination.status.in_(STATE_STATUSES["pending"] + STATE_STATUSES["in_review"]))
        elif filters.state in STATES:
            conditions.append(_state_condition(filters.state))
        elif filters.state == "all":
            conditions.append(_any_state())
        else:
            raise DomainError("invalid_filter", "审核状态不正确", 400)
    if filters.district:
        conditions.append(Nomination.district == filters.district)
    if filters.channel:
        try:
            conditions.append(Nomination.channel == NominationChannel(filters.channel))
        except ValueError:
            raise DomainError("invalid_filter", "推荐方式不正确", 400) from None
    if filters.org_id:
        conditions.append(Nomination.nominating_org_id == filters.org_id)
    if filters.trade:
        conditions.append(Nomination.trade == filters.trade)
    if filters.priority == "chief":
        conditions.append(Nomination.priority_chief_employee.is_(True))
    elif filters.priority == "innovation":
        conditions.append(Nomination.priority_innovation_award.is_(True))
    elif filters.priority == "any":
        conditions.append(sa.or_(Nomination.priority_chief_employee.is_(True),
                                 Nomination.priority_innovation_award.is_(True)))
    elif filters.priority:
        raise DomainError("invalid_filter", "优先推荐条件不正确", 400)
    if filters.q and filters.q.strip():
        term = filters.q.strip()
        conditions.append(sa.or_(*(column.contains(term, autoescape=True)
                                   for column in (Nomination.name, Nomination.employer_name))))
    return conditions


def state_counts(campaign: Campaign, filters: Filters | None = None) -> dict[str, int]:
    """How many nominations are in each review state, under the other filters."""
    conditions = _where(campaign, filters or Filters(), with_state=False)
    counts = {}
    for state in STATES:
        counts[state] = db.session.scalar(sa.select(sa.func.count(Nomination.id))
                                          .where(*conditions, _state_condition(state)))
    counts["open"] = counts["pending"] + counts["in_review"]
    counts["all"] = sum(counts[s] for s in STATES)
    return counts


def state_of(nomination: Nomination) -> str | None:
    for state, statuses in STATE_STATUSES.items():
        if nomination.status in statuses and (state != "returned" or nomination.resubmit_by is not None):
            return state
    return None


def page(campaign: Campaign, filters: Filters, page_number: int = 1, per_page: int = PER_PAGE
         ) -> tuple[list[tuple[Nomination, NominationReview | None]], int, int]:
    """One page of the queue, oldest submission first (first come, first reviewed), each with its review."""
    per_page = per_page if per_page in search.PAGE_SIZES else PER_PAGE
    conditions = _where(campaign, filters)
    total = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(*conditions))
    page_number = min(max(1, page_number), search.page_count(total, per_page))
    rows = db.session.execute(
        sa.select(Nomination, NominationReview).outerjoin(NominationReview, NominationReview.nomination_id == Nomination.id)
        .where(*conditions).order_by(Nomination.submitted_at.is_(None), Nomination.submitted_at, Nomination.id)
        .offset((page_number - 1) * per_page).limit(per_page)).all()
    return [(n, r) for n, r in rows], total, page_number


def trades(campaign: Campaign) -> list[str]:
    """The trades of nominations in any review state, to filter by."""
    return list(db.session.scalars(sa.select(Nomination.trade).distinct().where(
        Nomination.campaign_id == campaign.id, Nomination.trade.is_not(None), _any_state()).order_by(Nomination.trade)))


def recommending_organizations(campaign: Campaign) -> list[Organization]:
    """The unions and associations whose nominations are in any review state."""
    ids = sa.select(Nomination.nominating_org_id).where(Nomination.campaign_id == campaign.id, _any_state())
    return list(db.session.scalars(sa.select(Organization).where(Organization.id.in_(ids)).order_by(Organization.id)))


def next_open(campaign: Campaign, after_id: int) -> int | None:
    """The next nomination still waiting for a decision (for "审核下一位"), in queue order."""
    ids = list(db.session.scalars(sa.select(Nomination.id).where(*_where(campaign, Filters()))
                                  .order_by(Nomination.submitted_at, Nomination.id)))
    later = [i for i in ids if i != after_id]
    if after_id in ids:
        position = ids.index(after_id)
        later = ids[position + 1:] + ids[:position]
    return later[0] if later else None


def with_filters(filters: Filters, **changes) -> Filters:
    return replace(filters, **changes)
