"""Organizations as organizers manage them: kinds, quotas and their use, representatives."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import ACTIVE_STATUSES, Campaign, Membership, Nomination, Organization, OrganizationKind, User
from app.models.base import utcnow
from app.services import audit
from app.services.errors import DomainError, not_found
from app.services.nominations import quotas


@dataclass(frozen=True)
class OrganizationRow:
    organization: Organization
    quota: int | None  # None: the kind nominates no one centrally (employers)
    used: int
    representatives: int

    @property
    def left(self) -> int | None:
        return None if self.quota is None else max(0, self.quota - self.used)


def quota_used(campaign: Campaign) -> dict[int, int]:
    """Active centralized nominations per nominating organization (quotas.used for every organization at once)."""
    rows = db.session.execute(
        sa.select(Nomination.nominating_org_id, sa.func.count(Nomination.id))
        .where(Nomination.campaign_id == campaign.id, Nomination.status.in_(ACTIVE_STATUSES),
               Nomination.nominating_org_id.is_not(None))
        .group_by(Nomination.nominating_org_id))
    return dict(rows.all())


def list_organizations(campaign: Campaign, kind: str | None = None, q: str | None = None) -> list[OrganizationRow]:
    query = sa.select(Organization).order_by(Organization.kind, Organization.id)
    if kind:
        query = query.where(Organization.kind == OrganizationKind(kind))
    if q:
        query = query.where(Organization.name.contains(q.strip(), autoescape=True))
    used = quota_used(campaign)
    reps = dict(db.session.execute(
        sa.select(Membership.organization_id, sa.func.count(Membership.id))
        .where(Membership.verified.is_(True), Membership.revoked_at.is_(None))
        .group_by(Membership.organization_id)).all())
    return [OrganizationRow(org, quotas.effective_quota(org, campaign), used.get(org.id, 0), reps.get(org.id, 0))
            for org in db.session.scalars(query)]


def get_organization(org_id: int) -> Organization:
    organization = db.session.get(Organization, org_id)
    if organization is None:
        raise not_found("组织")
    return organization


def representatives(organization: Organization) -> list[Membership]:
    return list(db.session.scalars(
        sa.select(Membership).where(Membership.organization_id == organization.id)
        .options(so.joinedload(Membership.user)).order_by(Membership.revoked_at.is_not(None), Membership.id)))


def set_quota(organization: Organization, raw_quota: str | int | None, *, actor: User,
              reason: str | None = None) -> None:
    """An organization's own quota, or None to follow the campaign default for its kind. The caller commits."""
    if organization.kind not in quotas.QUOTA_SETTING:
        raise DomainError("no_quota", "用人单位不参与集中推荐，没有名额", 409)
    if raw_quota in (None, ""):
        quota = None
    else:
        try:
            quota = int(str(raw_quota).strip())
        except ValueError:
            quota = -1
        if not 0 <= quota <= 100:
            raise DomainError("invalid_quota", "名额应为 0–100 的整数，留空表示使用活动默认名额", 400,
                              details={"fields": {"quota": "应为 0–100 的整数"}})
    if quota == organization.quota:
        return
    audit.record("organization.quota_changed", "organization", organization.id, actor=actor, reason=reason,
                 data={"from": organization.quota, "to": quota, "name": organization.name})
    organization.quota = quota


def create_organization(name: str, kind: str, district: str | None, parent_id: int | None, *,
                        actor: User) -> Organization:
    name = (name or "").strip()
    fields = {}
    if not 2 <= len(name) <= 120:
        fields["name"] = "名称应为 2–120 个字"
    try:
        kind_value = OrganizationKind(kind)
    except ValueError:
        kind_value = None
        fields["kind"] = "请选择类别"
    if parent_id is not None and db.session.get(Organization, parent_id) is None:
        fields["parent_id"] = "上级组织不存在"
    if not fields and db.session.scalar(sa.select(Organization.id).where(Organization.name == name)):
        fields["name"] = "已有同名组织"
    if fields:
        raise DomainError("invalid_organization", "组织信息有误", 400, details={"fields": fields})
    organization = Organization(name=name, kind=kind_value, district=(district or "").strip() or None,
                                parent_id=parent_id)
    db.session.add(organization)
    db.session.flush()
    audit.record("organization.created", "organization", organization.id, actor=actor,
                 data={"name": name, "kind": kind_value.value})
    return organization


def revoke_representative(membership: Membership, *, actor: User, reason: str) -> None:
    if not (reason or "").strip():
        raise DomainError("reason_required", "请填写撤销原因", 400, details={"fields": {"reason": "必填"}})
    if membership.revoked_at is not None:
        raise DomainError("already_revoked", "该代表资格已撤销", 409)
    membership.revoked_at = utcnow()
    audit.record("organization.representative_revoked", "organization", membership.organization_id, actor=actor,
                 reason=reason.strip(), data={"user_id": membership.user_id, "membership_id": membership.id})
