"""A campaign in the review stage with qualified nominees, organizers, and a complete leadership group's decision."""
from __future__ import annotations

import pytest

from app.services.shortlist import decision
from tests.factories.likes import likes_app, make_campaign  # noqa: F401 - a fixture
from tests.factories.shortlist import make_organizer, make_qualified, minutes_pdf


@pytest.fixture
def review(likes_app):
    """The campaign in the review stage, 4 places on the list, 10 qualified nominees."""
    campaign = make_campaign("review", finalist_count=4)
    return {"campaign": campaign, "qualified": make_qualified(campaign, 10), "organizer": make_organizer(),
            "colleague": make_organizer("苏干事")}


def record_decision(review, minutes: bytes | None = None, name: str = "纪要.pdf"):
    return decision.save(review["organizer"], review["campaign"], decided_on="2019-07-20",
                         meeting="选树活动领导小组第二次会议", attendees="张主席、李副主席、周部长",
                         minutes=decision.Minutes(minutes or minutes_pdf(), name))
