"""Confirming the list with the leadership group's decision, and reopening it with a reason."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Membership, Nomination, Notification
from app.models.base import utcnow
from app.redis_store import get_redis
from app.services.errors import DomainError
from app.services.likes import state as like_state
from app.services.nominees import profiles
from app.services.shortlist import board, outcome, picks
from tests.factories.likes import make_user
from tests.factories.nominations import set_stage
from tests.factories.shortlist import statuses
from tests.shortlist.conftest import record_decision


def pick(review, *indexes):
    for i in indexes:
        picks.add(review["organizer"], review["campaign"], review["qualified"][i].id)


def notes(event: str) -> list[tuple[int, int]]:
    """(recipient, nomination) of every notification of the event."""
    return sorted((n.user_id, n.data["nomination_id"]) for n in db.session.scalars(
        sa.select(Notification).where(Notification.event == event)))


def test_the_list_must_have_the_set_size_and_a_complete_decision(review):
    campaign = review["campaign"]
    pick(review, 0, 1, 2)
    with pytest.raises(DomainError) as incomplete:
        outcome.confirm(review["organizer"], campaign)
    assert incomplete.value.status == 422 and "领导小组决定" in incomplete.value.message
    record_decision(review)
    with pytest.raises(DomainError) as short:
        outcome.confirm(review["organizer"], campaign)
    assert short.value.code == "shortlist_size"
    assert short.value.message == "入围名单应为 4 人（活动设置），目前已选 3 人，还差 1 人"
    pick(review, 3, 4)
    with pytest.raises(DomainError) as long:
        outcome.confirm(review["organizer"], campaign)
    assert long.value.message.endswith("多了 1 人")
    assert set(statuses(n.id for n in review["qualified"]).values()) == {"qualified"}  # nothing changed
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0


def test_confirming_moves_statuses_publishes_stories_notifies_everyone_and_locks(review):
    campaign, qualified, organizer = review["campaign"], review["qualified"], review["organizer"]
    union_rep, association_rep = make_user("海州区工会代表"), make_user("协会代表")
    for rep, nomination in ((union_rep, qualified[0]), (association_rep, qualified[2])):
        db.session.add(Membership(user_id=rep.id, organization_id=nomination.nominating_org_id,
                                  role="representative", verified=True, verified_at=utcnow()))
    db.session.commit()
    pick(review, 0, 1, 3, 4)  # 4 is a self-nomination
    record_decision(review)
    expected = board.build(campaign).fingerprint

    decision = outcome.confirm(organizer, campaign, expected=expected)

    finalists = {qualified[i].id for i in (0, 1, 3, 4)}
    now = statuses(n.id for n in qualified)
    assert {i for i, s in now.items() if s == "finalist"} == finalists
    assert {i for i, s in now.items() if s == "not_shortlisted"} == {n.id for n in qualified} - finalists
    assert decision.status == "confirmed" and sorted(decision.finalist_ids) == sorted(finalists)
    # The finalists' stories are public now; the others' are not.
    for nomination in qualified:
        db.session.refresh(nomination)
        assert (nomination.story_published_at is not None) == (nomination.id in finalists)
    assert profiles.get(qualified[0].id)["story"]
    # Every nominee is told, the self-nominee on their own account, and the union's representative too.
    told = notes("shortlisted")
    assert (qualified[4].submitted_by_id, qualified[4].id) in told
    assert (union_rep.id, qualified[0].id) in told and (union_rep.id, qualified[1].id) in told
    assert {nid for _, nid in told} == finalists
    assert {nid for _, nid in notes("not_shortlisted")} == {n.id for n in qualified} - finalists
    body = db.session.scalars(sa.select(Notification.body).where(Notification.event == "shortlisted")).first()
    assert "4名入围对象" in body
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "shortlist.confirm")).one()
    assert entry.data["finalists"] == 4 and entry.data["not_shortlisted"] == 6 and entry.actor_user_id == organizer.id
    # Locked: no pick, no removal, no new decision until it is reopened.
    for attempt in (lambda: picks.add(organizer, campaign, qualified[2].id),
                    lambda: picks.remove(organizer, campaign, qualified[0].id),
                    lambda: record_decision(review),
                    lambda: outcome.confirm(organizer, campaign)):
        with pytest.raises(DomainError) as locked:
            attempt()
        assert locked.value.code == "shortlist_locked" and locked.value.status == 409


def test_finalists_become_likeable_when_promotion_opens_likes(review):
    campaign, qualified = review["campaign"], review["qualified"]
    pick(review, 0, 1, 2, 3)
    record_decision(review)
    outcome.confirm(review["organizer"], campaign)
    members = {int(m) for m in get_redis().smembers(like_state.likeable_key(campaign.id))}
    assert members == {qualified[i].id for i in range(4)}
    finalist = db.session.get(Nomination, qualified[0].id)
    assert not profiles.LikeableNow(campaign)(finalist)  # the review stage has no likes
    set_stage("promotion")
    assert profiles.LikeableNow(campaign)(finalist)
    assert not profiles.LikeableNow(campaign)(db.session.get(Nomination, qualified[5].id))


def test_a_list_changed_by_a_colleague_meanwhile_is_not_confirmed(review):
    campaign = review["campaign"]
    pick(review, 0, 1, 2, 3)
    record_decision(review)
    seen = board.build(campaign).fingerprint
    picks.remove(review["colleague"], campaign, review["qualified"][3].id)
    picks.add(review["colleague"], campaign, review["qualified"][5].id)
    with pytest.raises(DomainError) as changed:
        outcome.confirm(review["organizer"], campaign, expected=seen)
    assert changed.value.code == "shortlist_changed"


def test_a_pick_no_longer_qualified_blocks_the_confirmation(review):
    campaign, qualified = review["campaign"], review["qualified"]
    pick(review, 0, 1, 2, 3)
    record_decision(review)
    qualified[2].status = "withdrawn"
    db.session.commit()
    with pytest.raises(DomainError) as stale:
        outcome.confirm(review["organizer"], campaign)
    assert stale.value.code == "picks_not_qualified" and qualified[2].name in stale.value.message


def test_reopening_needs_a_reason_reverts_exactly_and_a_new_confirmation_tells_only_who_changed(review):
    campaign, qualified, organizer = review["campaign"], review["qualified"], review["organizer"]
    qualified[0].story_published_at = utcnow()  # published by hand earlier: stays published
    db.session.commit()
    pick(review, 0, 1, 2, 4)  # 4 and 9 are self-nominations: their nominees are told
    record_decision(review)
    outcome.confirm(organizer, campaign)
    with pytest.raises(DomainError) as no_reason:
        outcome.reopen(organizer, campaign, "  ")
    assert no_reason.value.status == 422

    assert get_redis().scard(like_state.likeable_key(campaign.id)) == 4
    outcome.reopen(organizer, campaign, "领导小组复议，调整 1 名入围对象")
    assert set(statuses(n.id for n in qualified).values()) == {"qualified"}
    assert get_redis().scard(like_state.likeable_key(campaign.id)) == 0  # no longer finalists: not likeable
    for nomination in qualified:
        db.session.refresh(nomination)
    assert qualified[0].story_published_at is not None
    assert qualified[1].story_published_at is None and qualified[2].story_published_at is None
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "shortlist.reopen")).one()
    assert entry.reason == "领导小组复议，调整 1 名入围对象" and entry.data["reverted"] == 10
    assert not board.build(campaign).locked and board.build(campaign).picked == 4  # picks kept to adjust

    picks.remove(organizer, campaign, qualified[4].id)
    picks.add(organizer, campaign, qualified[9].id)
    record_decision(review)  # the new meeting's decision
    before = db.session.scalar(sa.select(sa.func.count(Notification.id)))
    outcome.confirm(organizer, campaign)
    new = db.session.scalars(sa.select(Notification).where(Notification.id > 0).order_by(Notification.id)
                             .offset(before)).all()
    assert sorted((n.event, n.data["nomination_id"]) for n in new) == sorted(
        [("not_shortlisted", qualified[4].id), ("shortlisted", qualified[9].id)])
    assert len(board.history(campaign)) == 1


def test_reopen_refused_when_nothing_is_confirmed_and_outside_review(review):
    with pytest.raises(DomainError) as nothing:
        outcome.reopen(review["organizer"], review["campaign"], "试试")
    assert nothing.value.code == "shortlist_not_confirmed"
    set_stage("promotion")
    with pytest.raises(DomainError) as closed:
        outcome.reopen(review["organizer"], review["campaign"], "试试")
    assert closed.value.code == "stage_closed"


def test_two_organizers_confirming_at_once_confirm_once(review, app):
    campaign_id = review["campaign"].id
    pick(review, 0, 1, 2, 3)
    record_decision(review)
    organizer_ids = [review["organizer"].id, review["colleague"].id]
    results, barrier = [], threading.Barrier(2)

    def confirm(user_id):
        from app.models import Campaign, User

        with app.app_context():
            user, campaign = db.session.get(User, user_id), db.session.get(Campaign, campaign_id)
            barrier.wait()
            try:
                outcome.confirm(user, campaign)
                results.append("ok")
            except DomainError as exc:
                db.session.rollback()
                results.append(exc.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm, args=(uid,)) for uid in organizer_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "shortlist_locked"]
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "shortlist.confirm")) == 1
    assert list(statuses(n.id for n in review["qualified"]).values()).count("finalist") == 4
    # The two self-nominees left out (4 and 9) are told once, not twice.
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))
                             .where(Notification.event == "not_shortlisted")) == 2
