"""Fixtures for the article tests: a campaign in the promotion stage, a finalist with an organization and
an account, an organizer."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Membership, Organization, OrganizationKind, User
from tests.factories.likes import make_campaign, make_nominee, make_user


@pytest.fixture
def promotion(ctx):
    return make_campaign("promotion")


@pytest.fixture
def organizer(ctx):
    user = User(openid="dev-organizer-articles", nickname="周主任", roles=["organizer"])
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def finalist(promotion):
    """A finalist put forward by a union with one verified representative, with their own account."""
    union = Organization(name="连云港市港口集团工会", kind=OrganizationKind.unit_union)
    db.session.add(union)
    db.session.flush()
    rep, nominee_user = make_user("rep-port"), make_user("wangjianjun")
    db.session.add(Membership(user_id=rep.id, organization_id=union.id, verified=True))
    db.session.commit()
    return make_nominee(promotion, "王建军", nominating_org_id=union.id, nominee_user_id=nominee_user.id)
