"""A campaign in the commendation stage with winners (statuses set through the ORM, as confirming results does)."""
from __future__ import annotations

import pytest

from tests.factories.likes import likes_app, make_campaign, make_nominee  # noqa: F401 - a fixture
from tests.factories.shortlist import make_organizer


@pytest.fixture
def commendation(likes_app):
    campaign = make_campaign("commendation")
    tops = [make_nominee(campaign, name=f"十大{i}", status="top_winner", trade="焊工") for i in range(2)]
    winners = [make_nominee(campaign, name=f"工匠{i}", status="winner") for i in range(3)]
    other = make_nominee(campaign, name="未当选甲", status="not_selected")
    return {"campaign": campaign, "tops": tops, "winners": winners, "other": other, "organizer": make_organizer()}
