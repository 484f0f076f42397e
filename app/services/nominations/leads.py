"""Leads (推荐线索): anyone logged in tells about a craftsman they know; organizers and the unions and
associations follow them up with an invitation or a nomination of their own."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import Lead, Organization, OrganizationKind, User
from app.models.base import utcnow
from app.redis_store import get_redis
from app.services import audit, content_check
from app.services.campaigns import stages
from app.services.errors import DomainError, forbidden, not_found
from app.services.nominations import access, invitations, rules, search, submission

LIMITS = {"employer": 120, "trade": 60, "reason": 1000, "contact": 60}
REASON_MIN = 10
HANDLING_KINDS = (OrganizationKind.county_union, OrganizationKind.unit_union, OrganizationKind.association)
LABELS = {"name": "姓名", "employer": "工作单位", "trade": "工种（专业）", "reason": "推荐理由", "contact": "联系方式"}


def _validated(data: dict) -> dict:
    fields, cleaned = {}, {}
    name, rule = rules.validate_field("name", data.get("name"), date.today())
    if rule or not name:
        fields["name"] = rules.messages()["name_format"]
    cleaned["name"] = name
    for field, limit in LIMITS.items():
        value = (data.get(field) or "").strip()
        if field != "contact" and not value:
            fields[field] = "此项为必填项"
        elif len(value) > limit:
            fields[field] = f"不能超过{limit}个字"
        cleaned[field] = value or None
    if cleaned["reason"] and len(cleaned["reason"]) < REASON_MIN:
        fields["reason"] = f"请写明推荐理由（至少{REASON_MIN}个字）"
    if fields:
        raise rules.field_error(fields)
    return cleaned


def _seconds_to_midnight(campaign) -> int:
    zone = ZoneInfo(campaign.timezone)
    now = datetime.now(zone)
    return max(int((datetime.combine(now.date() + timedelta(days=1), time(), zone) - now).total_seconds()), 1)


def create(user: User, data: dict) -> Lead:
    campaign = stages.current_campaign()
    stages.require_open(campaign, "recommendations")
    cleaned = _validated(data)
    content_check.require_clean({"name": cleaned["name"], "reason": cleaned["reason"]}, LABELS)
    # The daily limit is counted atomically in Redis; a refused attempt gives its slot back.
    key = f"leads:{campaign.id}:{user.id}:{stages.local_today(campaign):%Y%m%d}"
    count = get_redis().incr(key)
    get_redis().expire(key, 2 * 24 * 3600)
    limit = current_app.config["LEADS_PER_USER_PER_DAY"]
    if count > limit:
        get_redis().decr(key)
        raise DomainError("too_many_leads", f"每人每天最多提交{limit}条推荐线索，请明天再来", 429,
                          retry_after=_seconds_to_midnight(campaign))
    lead = Lead(campaign_id=campaign.id, recommender_id=user.id, status="new", **cleaned)
    db.session.add(lead)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        get_redis().decr(key)
        raise
    return lead


def represented_handlers(user: User) -> list[Organization]:
    """The unions and associations the user represents now."""
    ids = access.represented_org_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(sa.select(Organization).where(
        Organization.id.in_(ids), Organization.kind.in_(HANDLING_KINDS))))


def may_handle(user: User) -> bool:
    """Organizers, and representatives of unions and associations, follow leads up."""
    return access.is_organizer(user) or bool(represented_handlers(user))


def _scope(user: User, action: str):
    """The leads the user may see and act on, as a condition (None: all of them, for organizers).

    A representative sees a lead that organizers assigned to their organization, or, while it is unassigned,
    one whose employer is a registered organization within their reach: the organization itself, those
    registered under it, and for a county/district union those of its district. Nothing else, so a
    representative learns nothing about the craftsmen other unions follow up."""
    if access.is_organizer(user):
        return None
    orgs = represented_handlers(user)
    if not orgs:
        raise forbidden(f"只有市总工会、各工会和行业协会的代表可以{action}推荐线索")
    ids = [org.id for org in orgs]
    districts = [org.district for org in orgs if org.kind == OrganizationKind.county_union and org.district]
    reach = [Organization.id.in_(ids), Organization.parent_id.in_(ids)]
    if districts:
        reach.append(Organization.district.in_(districts))
    employers = sa.select(Organization.name).where(sa.or_(*reach))
    return sa.or_(Lead.assigned_org_id.in_(ids),
                  sa.and_(Lead.assigned_org_id.is_(None), Lead.employer.in_(employers)))


def _load_for_handling(user: User, lead_id: int) -> Lead:
    scope = _scope(user, "处理")
    query = sa.select(Lead).where(Lead.id == lead_id)
    if scope is not None:
        query = query.where(scope)
    # Outside the scope reads as absent: whether the lead exists is not the representative's to know.
    lead = db.session.scalar(query)
    if lead is None:
        raise not_found("推荐线索")
    return lead


def for_handlers(user: User, status: str | None, page: int, per_page: int) -> tuple[list[Lead], int]:
    scope = _scope(user, "查看")
    campaign = stages.current_campaign()
    query = sa.select(Lead).where(Lead.campaign_id == campaign.id)
    if scope is not None:
        query = query.where(scope)
    if status:
        query = query.where(Lead.status == status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    items = db.session.scalars(query.order_by(Lead.id.desc()).offset((page - 1) * per_page).limit(per_page))
    return list(items), total


def recommender_names(items: list[Lead]) -> dict[int, str]:
    """Who sent each lead, as organizers read it: the WeChat nickname and the user number."""
    ids = {lead.recommender_id for lead in items}
    users = db.session.scalars(sa.select(User).where(User.id.in_(ids))) if ids else []
    return {u.id: f"{u.nickname}（用户 {u.id}）" if u.nickname else f"微信用户 {u.id}" for u in users}


def masked_contact(lead: Lead) -> str | None:
    """What a list shows of the contact (138****1234) until someone reveals it."""
    return search.mask_mobile(lead.contact) if lead.contact else None


def reveal_contact(user: User, lead_id: int, ip: str | None) -> Lead:
    """The contact in clear, for one lead within the user's scope; every reveal is in the audit log."""
    lead = _load_for_handling(user, lead_id)
    audit.record("lead.contact_viewed", "lead", lead.id, actor=user, data={"ip": ip or "-"})
    db.session.commit()
    return lead


def handling_organizations() -> list[Organization]:
    """Where organizers may route a lead: the unions and associations."""
    return list(db.session.scalars(sa.select(Organization).where(Organization.kind.in_(HANDLING_KINDS))
                                   .order_by(Organization.kind, Organization.name)))


def assign(user: User, lead_id: int, org_id: int | None) -> Lead:
    """Organizers route a lead to one union or association (None: back to the employer's district)."""
    if not access.is_organizer(user):
        raise forbidden("只有市总工会的工作人员可以指派推荐线索")
    lead = _load_for_handling(user, lead_id)
    org = None
    if org_id is not None:
        org = db.session.get(Organization, org_id)
        if org is None or org.kind not in HANDLING_KINDS:
            raise DomainError("invalid_organization", "请选择县区总工会、市直属单位工会或行业协会", 400,
                              details={"fields": {"org_id": "请选择工会或协会"}})
    if lead.assigned_org_id != org_id:
        audit.record("lead.assigned", "lead", lead.id, actor=user,
                     data={"from": lead.assigned_org_id, "to": org_id, "name": org.name if org else None})
        lead.assigned_org_id = org_id
    db.session.commit()
    return lead


def mine(user: User) -> list[Lead]:
    return list(db.session.scalars(sa.select(Lead).where(Lead.recommender_id == user.id).order_by(Lead.id.desc())))


def _mark(lead: Lead, user: User, status: str, note: str | None = None) -> None:
    lead.status, lead.handled_by_id, lead.handled_at = status, user.id, utcnow()
    lead.handling_note = note
    audit.record(f"lead.{status}", "lead", lead.id, actor=user, reason=note,
                 data={"nomination_id": lead.nomination_id})


def invitation_refusal(lead: Lead) -> DomainError | None:
    """Why no invitation code may be made for this lead, or None. The code must reach the craftsman, whom
    only the lead's contact reaches; a lead turned down or already nominated is closed."""
    if lead.status == "nominated":
        return DomainError("lead_closed", "该线索已转为推荐", 409)
    if lead.status == "dismissed":
        return DomainError("lead_dismissed", "该线索已不予采纳，不能发放邀请码", 409)
    if not (lead.contact or "").strip():
        return DomainError("lead_no_contact", "该线索没有留联系方式，邀请码无法告知工匠；可指派给工会或协会跟进，或转为集中推荐",
                           409)
    return None


def invite(user: User, lead_id: int) -> dict:
    """An invitation code for the craftsman: claiming it starts their self-nomination, prefilled."""
    lead = _load_for_handling(user, lead_id)
    refusal = invitation_refusal(lead)
    if refusal is not None:
        raise refusal
    answer = invitations.invite_from_lead(user, lead)
    _mark(lead, user, "invited")
    db.session.commit()
    return answer


def nominate(user: User, lead_id: int, org_id: int):
    """The union or association takes the craftsman into its own (quota-bound) nomination draft."""
    lead = _load_for_handling(user, lead_id)
    if lead.status == "nominated":
        raise DomainError("lead_closed", "该线索已转为推荐", 409)
    nomination = submission.create_org_draft(
        user, org_id, {"name": lead.name, "employer_name": lead.employer, "trade": lead.trade},
        commit=False)
    lead.nomination_id = nomination.id
    _mark(lead, user, "nominated")
    db.session.commit()
    return nomination


def dismiss(user: User, lead_id: int, note: str | None) -> Lead:
    lead = _load_for_handling(user, lead_id)
    if lead.status == "nominated":
        raise DomainError("lead_closed", "该线索已转为推荐", 409)
    _mark(lead, user, "dismissed", note)
    db.session.commit()
    return lead
