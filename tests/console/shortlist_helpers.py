"""The demo campaign brought to the shortlist: the review stage, and the nominations review would have passed."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination
from app.services.campaigns import stages
from tests.factories.nominations import set_stage
from tests.factories.shortlist import qualify

MEETING = {"decided_on": "2019-07-20", "meeting": "选树活动领导小组第二次会议",
           "attendees": "张主席、李副主席、周部长、苏干事"}


def qualified_demo() -> list[Nomination]:
    """The review stage, and every submitted or endorsed nomination of the demo qualified (58 of them)."""
    set_stage("review")
    rows = list(db.session.scalars(sa.select(Nomination).where(
        Nomination.status.in_(("submitted", "endorsed", "under_review"))).order_by(Nomination.id)))
    return qualify(rows)


def campaign():
    return stages.current_campaign()
