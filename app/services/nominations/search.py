"""Nominations as organizers browse them: filters and search, masked private fields, history, logged views."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Campaign, Nomination, NominationChannel, User
from app.services import audit
from app.services.errors import DomainError, not_found
from app.services.likes import counts as like_counts
from app.services.nominations.duplicates import ACTION
from app.services.nominations.rules import DISTRICTS, ZONES

PER_PAGE = 20
PAGE_SIZES = (20, 50, 100)
# Sortable columns of the organizers' list; "likes" is read from Redis (the counts people see), not SQL.
SORTS = {"id": Nomination.id, "name": Nomination.name, "employer": Nomination.employer_name,
         "district": Nomination.district, "channel": Nomination.channel, "status": Nomination.status,
         "submitted_at": Nomination.submitted_at, "likes": None}
DEFAULT_SORT = ("id", True)
# The fields people must not see without a reason (DESIGN.md section 10).
PRIVATE_FIELDS = ("mobile", "birth_month", "political_status")
# Views of private data go to the audit log, but are not the nomination's history.
PRIVATE_VIEW_ACTION = "nomination.private_viewed"


@dataclass(frozen=True)
class Filters:
    status: str | None = None
    channel: str | None = None
    district: str | None = None
    org_id: int | None = None
    q: str | None = None


def mask_mobile(mobile: str | None) -> str:
    """138****5678: enough to tell two people apart in a list, not enough to call them."""
    if not mobile:
        return ""
    digits = mobile.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_birth_month(value) -> str:
    return f"{value.year // 10 * 10}年代" if value else ""


def _where(campaign: Campaign, filters: Filters) -> list:
    conditions = [Nomination.campaign_id == campaign.id]
    if filters.status:
        conditions.append(Nomination.status == filters.status)
    if filters.channel:
        try:
            conditions.append(Nomination.channel == NominationChannel(filters.channel))
        except ValueError:
            raise DomainError("invalid_filter", "推荐方式不正确", 400) from None
    if filters.district:
        conditions.append(Nomination.district == filters.district)
    if filters.org_id:
        conditions.append(sa.or_(Nomination.nominating_org_id == filters.org_id,
                                 Nomination.employer_org_id == filters.org_id))
    if filters.q and filters.q.strip():
        term = filters.q.strip()
        # Searching by a full mobile number is allowed; the list still shows it masked.
        conditions.append(sa.or_(*(column.contains(term, autoescape=True) for column in
                                   (Nomination.name, Nomination.employer_name, Nomination.trade, Nomination.post)),
                                 Nomination.mobile == term))
    return conditions


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def sort_of(sort: str | None, descending: bool | None) -> tuple[str, bool]:
    """A known sort key and its direction; anything else is the default (newest first)."""
    if sort not in SORTS:
        return DEFAULT_SORT
    return sort, bool(descending)


def search(campaign: Campaign, filters: Filters, page: int = 1, per_page: int = PER_PAGE,
           sort: str | None = None, descending: bool | None = None) -> tuple[list[Nomination], int, int]:
    """One page of matching nominations, the number matching, and the page shown (clamped to the last)."""
    per_page = per_page if per_page in PAGE_SIZES else PER_PAGE
    sort, descending = sort_of(sort, descending)
    conditions = _where(campaign, filters)
    total = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(*conditions))
    page = min(max(1, page), page_count(total, per_page))
    offset = (page - 1) * per_page
    if sort == "likes":
        ids = list(db.session.scalars(sa.select(Nomination.id).where(*conditions)))
        likes = like_counts.like_counts(campaign.id, ids)
        ids.sort(key=lambda i: (likes[i], i), reverse=descending)
        chosen = ids[offset:offset + per_page]
        rows = {n.id: n for n in db.session.scalars(sa.select(Nomination).where(Nomination.id.in_(chosen)))}
        return [rows[i] for i in chosen], total, page
    column = SORTS[sort]
    # NULLs (no name, never submitted) last whichever the direction; the id keeps pages stable.
    order = [column.is_(None), column.desc() if descending else column.asc(),
             Nomination.id.desc() if descending else Nomination.id.asc()]
    items = list(db.session.scalars(sa.select(Nomination).where(*conditions)
                                    .order_by(*order).offset(offset).limit(per_page)))
    return items, total, page


def likes_of(campaign: Campaign, nominations: list[Nomination]) -> dict[int, int]:
    return like_counts.like_counts(campaign.id, [n.id for n in nominations])


def all_matching(campaign: Campaign, filters: Filters | None = None):
    """Every matching nomination, oldest first, streamed in batches (for exports)."""
    query = sa.select(Nomination).where(*_where(campaign, filters or Filters())).order_by(Nomination.id)
    return db.session.scalars(query.execution_options(yield_per=200))


def count_matching(campaign: Campaign, filters: Filters | None = None) -> int:
    return db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(*_where(campaign, filters or Filters())))


def districts(campaign: Campaign) -> list[str]:
    present = set(db.session.scalars(sa.select(Nomination.district).distinct()
                                     .where(Nomination.campaign_id == campaign.id, Nomination.district.is_not(None))))
    return list(DISTRICTS + ZONES) + sorted(present - set(DISTRICTS + ZONES))


def duplicate_refusals(campaign: Campaign) -> int:
    """How many submissions of the campaign were refused as a second nomination of the same person."""
    in_campaign = sa.select(sa.cast(Nomination.id, sa.String)).where(Nomination.campaign_id == campaign.id)
    return db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == ACTION, AuditEntry.target_type == "nomination", AuditEntry.target_id.in_(in_campaign)))


def get_nomination(campaign: Campaign, nomination_id: int) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.campaign_id != campaign.id:
        raise not_found("推荐对象")
    return nomination


def reveal_private(nomination: Nomination, *, actor: User, ip: str | None = None) -> dict:
    """The nominee's private fields in full; every reveal is logged. Commits the log entry."""
    audit.record(PRIVATE_VIEW_ACTION, "nomination", nomination.id, actor=actor,
                 data={"fields": list(PRIVATE_FIELDS), "ip": ip})
    db.session.commit()
    return {
        "mobile": nomination.mobile or "",
        "birth_month": nomination.birth_month.strftime("%Y年%m月") if nomination.birth_month else "",
        "political_status": nomination.political_status or "",
    }
