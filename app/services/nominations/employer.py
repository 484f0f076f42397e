"""The organization named on a self-nomination, which must acknowledge it (单位认可).

On submission the named employer or industry association is bound to the nomination and its verified
representatives are told that a request waits; the endorsement itself (the QR code, the scan, the
decision) is services/endorsement, which builds on this module.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination, Organization, OrganizationKind
from app.services.nominations import access
from app.services.notifications.outbox import notify

ENDORSING_KINDS = (OrganizationKind.employer, OrganizationKind.association)


def named_organization(nomination: Nomination) -> Organization | None:
    """The organization that must acknowledge: the one chosen on the form, else the registered employer or
    association whose name the nominee wrote exactly."""
    if nomination.employer_org_id is not None:
        return nomination.employer_org
    name = (nomination.employer_name or "").strip()
    if not name:
        return None
    return db.session.scalars(sa.select(Organization).where(
        Organization.name == name, Organization.kind.in_(ENDORSING_KINDS))).first()


def organization_label(nomination: Nomination) -> str:
    return nomination.employer_org.name if nomination.employer_org else (nomination.employer_name or "所在单位")


def request_endorsement(nomination: Nomination) -> None:
    """On submission of a self-nomination (the caller commits): bind the named organization and tell its
    representatives that a request waits."""
    # No autoflush: the submission's own flush happens at its commit, where a duplicate person is answered
    # clearly (submission.py), not in the middle of these look-ups.
    with db.session.no_autoflush:
        org = named_organization(nomination)
        if org is not None and nomination.employer_org_id is None:
            nomination.employer_org_id = org.id
            nomination.employer_org = org
        recipients = access.representative_ids(nomination.employer_org_id)
    notify("endorsement_requested", recipients,
           {"nominee": nomination.name, "organization": organization_label(nomination), "nomination_id": nomination.id})
