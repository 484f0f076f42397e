"""Public answers say whether a nominee can be liked now: likes open, a finalist, not held for review."""
from app.extensions import db
from app.models import LikeHold
from app.models.base import utcnow
from app.services.campaigns import stages
from tests.factories.likes import campaign, likes_app, make_nominee  # noqa: F401


def _likeable(client) -> dict[int, bool]:
    # The list's cards leave the button to the page: only the page says whether the nominee can be liked.
    listed = [n["id"] for n in client.get("/api/v1/nominees?per_page=100").get_json()["items"]]
    return {i: client.get(f"/api/v1/nominees/{i}").get_json()["likeable"] for i in listed}


def test_likeable_is_true_only_for_finalists_not_held_while_likes_are_open(client, campaign):
    finalist = make_nominee(campaign, name="王建军", content_checked_at=utcnow())
    held = make_nominee(campaign, name="李秀英", content_checked_at=utcnow())
    nominated = make_nominee(campaign, name="张海涛", status="under_review", content_checked_at=utcnow())
    winner = make_nominee(campaign, name="陈志强", status="winner", content_checked_at=utcnow())
    db.session.add(LikeHold(campaign_id=campaign.id, nomination_id=held.id, source="test-hold"))
    db.session.commit()

    assert _likeable(client) == {finalist.id: True, held.id: False, nominated.id: False, winner.id: False}
    stages.set_override(campaign, "evaluation", actor_label="test")  # likes closed
    db.session.commit()
    assert _likeable(client) == {finalist.id: False, held.id: False, nominated.id: False, winner.id: False}
