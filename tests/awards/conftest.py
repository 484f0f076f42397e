"""A campaign in the commendation stage whose results are final: confirmed from the panel's order, published,
the notice over (as if it had ended two days ago)."""
from __future__ import annotations

import pytest

from tests.factories.likes import likes_app, make_campaign, make_nominee  # noqa: F401 - a fixture
from tests.factories.results import final_results
from tests.factories.shortlist import make_organizer


@pytest.fixture
def commendation(likes_app):
    campaign = make_campaign("evaluation", top_winner_count=2, winner_count=3, finalist_count=6)
    tops = [make_nominee(campaign, name=f"十大{i}", trade="焊工") for i in range(2)]
    winners = [make_nominee(campaign, name=f"工匠{i}") for i in range(3)]
    other = make_nominee(campaign, name="未当选甲")
    organizer = make_organizer()
    final_results(campaign, [*tops, *winners, other], 2, 3, organizer)
    return {"campaign": campaign, "tops": tops, "winners": winners, "other": other, "organizer": organizer}
