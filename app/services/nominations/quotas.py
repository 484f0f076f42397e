"""Quotas of centralized nominations (县区总工会 ≤ 15, 市直属单位工会 ≤ 5, 行业协会（商会） ≤ 5).

The count of an organization's active nominations is the truth; it is read and acted on while holding a
lock that serialises submissions of the same organization (PostgreSQL: a row lock on the organization,
SELECT … FOR UPDATE; SQLite: the database write lock, BEGIN IMMEDIATE). So sixteen simultaneous
submissions against a quota of fifteen accept exactly fifteen: no count-then-insert race.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import (ACTIVE_STATUSES, KIND_LABELS, Campaign, Nomination, NominationChannel, Organization,
                        OrganizationKind, User)
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.nominations import access
from app.services.nominations.employer import ENDORSING_KINDS

QUOTA_SETTING = {
    OrganizationKind.county_union: "quota_county_union",
    OrganizationKind.unit_union: "quota_unit_union",
    OrganizationKind.association: "quota_association",
}
CHANNEL_OF_KIND = {
    OrganizationKind.county_union: NominationChannel.union,
    OrganizationKind.unit_union: NominationChannel.union,
    OrganizationKind.association: NominationChannel.association,
}


def channel_for(org: Organization) -> NominationChannel | None:
    """The channel an organization nominates through; None for employers, which endorse instead."""
    return CHANNEL_OF_KIND.get(org.kind)


def effective_quota(org: Organization, campaign: Campaign) -> int | None:
    if org.kind not in QUOTA_SETTING:
        return None
    return org.quota if org.quota is not None else getattr(campaign, QUOTA_SETTING[org.kind])


def used(org_id: int, campaign_id: int, *, excluding: int | None = None) -> int:
    query = sa.select(sa.func.count(Nomination.id)).where(
        Nomination.nominating_org_id == org_id, Nomination.campaign_id == campaign_id,
        Nomination.status.in_(ACTIVE_STATUSES))
    if excluding is not None:
        query = query.where(Nomination.id != excluding)
    return db.session.scalar(query)


def usage(org: Organization, campaign: Campaign) -> dict:
    quota = effective_quota(org, campaign)
    if quota is None:
        return {"quota": None, "used": 0, "left": None, "drafts": 0, "can_nominate": False}
    taken = used(org.id, campaign.id)
    drafts = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.nominating_org_id == org.id, Nomination.campaign_id == campaign.id,
        Nomination.status == "draft"))
    left = max(quota - taken, 0)
    # Only when a place is left and nominations are open now: the button must not promise a refusal.
    can_nominate = left > 0 and stages.is_open(campaign, "nominations")
    return {"quota": quota, "used": taken, "left": left, "drafts": drafts, "can_nominate": can_nominate}


def my_organizations(user: User, campaign: Campaign) -> list[dict]:
    """The organizations the user represents, with what their quota allows and what their kind does:
    unions and associations nominate within a quota, employers and associations endorse self-nominations
    that name them."""
    ids = access.represented_org_ids(user)
    orgs = db.session.scalars(sa.select(Organization).where(Organization.id.in_(ids)).order_by(Organization.id))
    return [{"id": org.id, "name": org.name, "kind": org.kind.value, "kind_label": KIND_LABELS[org.kind],
             "nominates": channel_for(org) is not None, "endorses": org.kind in ENDORSING_KINDS,
             **usage(org, campaign)} for org in orgs]


def take_write_lock(org_id: int | None) -> None:
    """Start the submitting transaction holding the lock that serialises this organization's submissions.

    Call it before anything is written in the session: on SQLite it must begin the transaction.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        raw = db.session.connection().connection.driver_connection
        if raw.in_transaction:
            raise RuntimeError("take_write_lock must start the write transaction")
        db.session.execute(sa.text("BEGIN IMMEDIATE"))
    elif org_id is not None:
        db.session.execute(sa.select(Organization.id).where(Organization.id == org_id).with_for_update())


def require_room(org: Organization, campaign: Campaign, nomination: Nomination) -> None:
    """Refuse when the organization's quota is full; call it holding take_write_lock(org.id)."""
    quota = effective_quota(org, campaign)
    taken = used(org.id, campaign.id, excluding=nomination.id)
    if quota is None or taken >= quota:
        raise DomainError("quota_exceeded",
                          f"{org.name}本届集中推荐名额为{quota or 0}名，已全部用完", 409,
                          details={"quota": quota or 0, "used": taken, "left": 0})
