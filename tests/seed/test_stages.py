"""seed-demo reaches the review and promotion stages through the review, shortlist and endorsement services."""
from collections import Counter

import sqlalchemy as sa

from app.extensions import db
from app.models import (AuditEntry, Endorsement, Nomination, NominationChannel, ReviewCheck, ShortlistDecision,
                        User)
from app.services.campaigns import stages
from app.services.review import checklist, queue


def _organizer() -> User:
    return db.session.scalars(sa.select(User).where(User.openid == "dev-organizer")).one()


def _statuses() -> Counter:
    db.session.expire_all()
    return Counter(db.session.scalars(sa.select(Nomination.status)))


def _audit_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))


def test_every_endorsed_self_nomination_has_an_effective_endorsement_the_review_accepts(seeded):
    endorsed = db.session.scalars(sa.select(Nomination).where(Nomination.status == "endorsed")).all()
    assert len(endorsed) == 7 and all(n.channel == NominationChannel.self_nomination for n in endorsed)
    for nomination in endorsed:
        [endorsement] = db.session.scalars(sa.select(Endorsement).where(Endorsement.nomination_id == nomination.id))
        assert endorsement.direct and endorsement.status == "effective"
        found = {i.key: i for i in checklist.items(nomination, None)}
        assert found["endorsement"].auto == "pass", found["endorsement"].evidence


def test_the_review_stage_shows_every_state_of_the_queue(runner, ctx):
    result = runner.invoke(args=["seed-demo", "--stage", "review"])
    assert result.exit_code == 0, result.output
    campaign = stages.current_campaign()
    counts = queue.state_counts(campaign)
    assert counts["qualified"] == 4 and counts["in_review"] == 2 and counts["returned"] == 1
    assert counts["rejected"] == 1 and counts["pending"] == 50
    returned = db.session.scalars(sa.select(Nomination).where(Nomination.status == "returned")).one()
    assert returned.return_reason.startswith("请补充：") and returned.resubmit_by >= stages.local_today(campaign)
    decisions = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action.in_(
        ("review.qualified", "review.returned", "review.rejected")))).all()
    assert Counter(e.action for e in decisions) == {"review.qualified": 4, "review.returned": 1, "review.rejected": 1}
    assert {e.actor_user_id for e in decisions} == {_organizer().id}
    before = _audit_count()
    assert runner.invoke(args=["seed-demo", "--stage", "review"]).exit_code == 0
    assert _audit_count() == before


def test_promotion_is_reached_through_review_and_a_confirmed_shortlist(runner, ctx):
    assert runner.invoke(args=["seed-demo", "--stage", "review"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--stage", "promotion"]).exit_code == 0
    statuses = _statuses()
    assert (statuses["finalist"], statuses["not_shortlisted"], statuses["rejected"]) == (50, 4, 4)
    organizer = _organizer()
    actions = Counter(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.actor_user_id == organizer.id)))
    assert actions["review.qualified"] == 54 and actions["review.rejected"] == 4 and actions["review.returned"] == 1
    assert actions["shortlist.pick"] == 50 and actions["shortlist.decision_saved"] == 1
    assert actions["shortlist.confirm"] == 1
    # The returned nomination was completed by its nominee before it was decided.
    [resubmitted] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "nomination.resubmit"))
    assert resubmitted.actor_user_id != organizer.id
    assert db.session.get(Nomination, int(resubmitted.target_id)).status == "rejected"
    # How each was checked is recorded, in the ways the notice names.
    methods = Counter(db.session.scalars(sa.select(ReviewCheck.method)))
    assert sum(methods.values()) == 58 and set(methods) == {"site_visit", "written_confirmation", "skills_contest"}
    decision = db.session.scalars(sa.select(ShortlistDecision)).one()
    assert decision.status == "confirmed" and decision.minutes_storage_key and len(decision.finalist_ids) == 50
    before = _audit_count()
    assert runner.invoke(args=["seed-demo", "--stage", "promotion"]).exit_code == 0
    assert _audit_count() == before and _statuses() == statuses
