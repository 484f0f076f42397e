"""Who may see, change and file a nomination: the one policy every adapter and service asks."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Membership, Nomination, NominationChannel, User
from app.services.errors import forbidden, not_found
from app.services.nominations import windows
# Statuses whose nominees are shown: filed by a union or association, or acknowledged by the employer.
PUBLIC_STATUSES = ("submitted", "endorsed", "under_review", "qualified", "finalist", "not_shortlisted", "top_winner",
                   "winner", "not_selected")


def is_public(nomination: Nomination) -> bool:
    """Anyone may see the nominee's public profile and public materials (content-checked, past submission)."""
    return nomination.status in PUBLIC_STATUSES and nomination.content_checked_at is not None


def is_organizer(user: User | None) -> bool:
    return bool(user and "organizer" in (user.roles or []))


def represented_org_ids(user: User) -> set[int]:
    """Organizations the user represents now (a verified, unrevoked membership)."""
    return set(db.session.scalars(sa.select(Membership.organization_id).where(
        Membership.user_id == user.id, Membership.verified.is_(True), Membership.revoked_at.is_(None))))


def representative_ids(org_id: int | None) -> list[int]:
    """Who represents the organization now."""
    if org_id is None:
        return []
    return list(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.organization_id == org_id, Membership.verified.is_(True), Membership.revoked_at.is_(None))))


def organizer_ids() -> list[int]:
    # Roles are a JSON list; its text form contains "organizer" with the quotes on every database.
    return list(db.session.scalars(sa.select(User.id).where(sa.cast(User.roles, sa.String).like('%"organizer"%'))))


def represents(user: User, org_id: int | None) -> bool:
    return org_id is not None and org_id in represented_org_ids(user)


def filed_in_own_name(user: User, nomination: Nomination) -> bool:
    """Having filed it counts only for a nomination filed by no organization (the worker's own);
    a representative's access follows their current membership, checked on every request."""
    return nomination.nominating_org_id is None and user.id == nomination.submitted_by_id


def can_view(user: User | None, nomination: Nomination) -> bool:
    """The private view: the nominee, the worker who filed it, current representatives of its organizations,
    organizers. A revoked representative loses access to what they filed."""
    if user is None:
        return False
    if is_organizer(user) or user.id == nomination.nominee_user_id or filed_in_own_name(user, nomination):
        return True
    orgs = represented_org_ids(user)
    if nomination.nominating_org_id in orgs:
        return True
    # The employer sees a self-nomination once the worker has submitted it, not the worker's draft.
    return nomination.employer_org_id in orgs and nomination.status != "draft"


def may_file(user: User, nomination: Nomination) -> bool:
    """Submitting or withdrawing: the worker for a self-nomination, the organization's representative otherwise."""
    if nomination.channel == NominationChannel.self_nomination:
        return user.id == nomination.nominee_user_id
    return represents(user, nomination.nominating_org_id)


def may_edit(user: User, nomination: Nomination) -> bool:
    # A worker invited to a unit nomination completes their own data; the representative files it.
    return may_file(user, nomination) or user.id == nomination.nominee_user_id


def load(nomination_id: int) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None:
        raise not_found("推荐")
    return nomination


def load_for_view(user: User | None, nomination_id: int) -> Nomination:
    nomination = db.session.get(Nomination, nomination_id)
    # Someone who may not see it learns nothing, not even that it exists.
    if nomination is None or not can_view(user, nomination):
        raise not_found("推荐")
    return nomination


def load_for_edit(user: User, nomination_id: int) -> Nomination:
    nomination = load_for_view(user, nomination_id)
    if not may_edit(user, nomination):
        raise forbidden("只有被推荐人本人或推荐单位的代表可以修改")
    # Drafts while nominations are open; a review return until its deadline (windows.py: the one rule).
    windows.require_changeable(nomination)
    return nomination
