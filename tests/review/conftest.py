"""Review fixtures: the demo campaign's nominations in the review stage, and two organizers to review them."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination, NominationChannel, User


@pytest.fixture
def reviewers(seeded):
    """Two organizers (周主任 and 苏科长) with the demo in the review stage."""
    from app.services.campaigns import stages

    zhou = User(username="zhou-review", nickname="周主任", roles=["organizer"])
    su = User(username="su-review", nickname="苏科长", roles=["organizer"])
    db.session.add_all([zhou, su])
    stages.set_override(stages.current_campaign(), "review", actor_label="test")
    db.session.commit()
    return zhou, su


def queue_nominations(channel: NominationChannel | None = None) -> list[Nomination]:
    query = sa.select(Nomination).where(Nomination.status.in_(("submitted", "endorsed", "under_review")))
    if channel is not None:
        query = query.where(Nomination.channel == channel)
    return list(db.session.scalars(query.order_by(Nomination.id)))


def a_union_nomination() -> Nomination:
    return queue_nominations(NominationChannel.union)[0]


def confirm_everything(actor, nomination_id: int, note: str = "经实地了解核实") -> None:
    """What a reviewer does before qualifying: accept the system's findings, then judge the rest."""
    from app.services.review import checklist, work

    work.confirm_passing(actor, nomination_id)
    nomination, review = work.load(actor, nomination_id)
    for item in checklist.items(nomination, review):
        if item.auto != "na" and item.confirmed is None:
            work.confirm_item(actor, nomination_id, item.key, "pass", note)
