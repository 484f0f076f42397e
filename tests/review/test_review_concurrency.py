"""Several reviewers work the queue at once: no nomination is ever decided twice (real SQLite, real threads)."""
from __future__ import annotations

import threading
from collections import Counter

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Nomination, NominationChannel, NominationReview, Notification, User
from app.services.errors import DomainError
from app.services.review import decisions
from tests.review.conftest import confirm_everything

DECISIONS = ("review.qualified", "review.returned", "review.rejected")


def _version(nomination_id: int) -> int:
    db.session.expire_all()
    review = db.session.scalars(sa.select(NominationReview).where(NominationReview.nomination_id == nomination_id)).first()
    return review.version if review else 0


def _decision_entries() -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action.in_(DECISIONS))))


def _run(app, work) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(*args):
        try:
            with app.app_context():
                work(*args)
                db.session.remove()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
    return guarded, errors


def test_two_reviewers_posting_the_same_version_at_once_decide_once(app, reviewers):
    zhou, su = reviewers
    ids = list(db.session.scalars(sa.select(Nomination.id).where(Nomination.status == "submitted")
                                  .order_by(Nomination.id).limit(8)))
    outcomes: list[tuple[int, str, str]] = []
    barrier = threading.Barrier(2)

    def decide(user_id: int, reason: str):
        user = db.session.get(User, user_id)
        for nomination_id in ids:
            version = _version(nomination_id)  # both pages show the same version
            barrier.wait(timeout=30)
            try:
                decisions.reject(user, nomination_id, version, reason)
                outcomes.append((nomination_id, user.nickname, "decided"))
            except DomainError as exc:
                db.session.rollback()
                assert exc.status == 409 and exc.code in ("already_decided", "review_changed"), exc
                assert "该推荐对象" in exc.message
                outcomes.append((nomination_id, user.nickname, exc.code))
            barrier.wait(timeout=30)

    worker, errors = _run(app, decide)
    threads = [threading.Thread(target=worker, args=(zhou.id, "周主任认为不符合条件")),
               threading.Thread(target=worker, args=(su.id, "苏科长认为不符合条件"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    decided = Counter(nid for nid, _, what in outcomes if what == "decided")
    assert decided == Counter({nid: 1 for nid in ids})
    assert Counter(nid for nid, _, what in outcomes if what != "decided") == Counter({nid: 1 for nid in ids})
    db.session.expire_all()
    entries = _decision_entries()
    assert sorted(int(e.target_id) for e in entries) == sorted(ids)
    for entry in entries:  # the reason stored is the one of who decided
        nomination = db.session.get(Nomination, int(entry.target_id))
        assert nomination.status == "rejected" and nomination.return_reason == entry.reason


def test_sixty_four_nominations_reviewed_by_two_organizers_at_once(app, reviewers):
    zhou, su = reviewers
    # The demo's six unfinished nominations reach the queue too: 64 in all.
    for n in db.session.scalars(sa.select(Nomination).where(Nomination.status.in_(("draft", "awaiting_endorsement")))):
        n.status = "endorsed" if n.channel == NominationChannel.self_nomination else "submitted"
    db.session.commit()
    ids = list(db.session.scalars(sa.select(Nomination.id).where(
        Nomination.status.in_(("submitted", "endorsed"))).order_by(Nomination.id)))
    assert len(ids) == 64
    wanted = {nid: ("rejected" if k % 9 == 4 else "returned" if k % 9 == 7 else "qualified") for k, nid in enumerate(ids)}
    decided_by: dict[int, list[str]] = {}
    refusals = Counter()

    def review(user_id: int, order: list[int]):
        from app.services.campaigns import stages

        user = db.session.get(User, user_id)
        today = stages.local_today(stages.current_campaign())
        for nomination_id in order:
            for _attempt in range(3):  # a stale page is refreshed and tried again
                try:
                    if wanted[nomination_id] == "qualified":
                        confirm_everything(user, nomination_id, f"{user.nickname}核实无误")
                        decisions.qualify(user, nomination_id, _version(nomination_id))
                    elif wanted[nomination_id] == "returned":
                        decisions.return_for_more(user, nomination_id, _version(nomination_id), items=["story"],
                                                  resubmit_by=today)
                    else:
                        decisions.reject(user, nomination_id, _version(nomination_id), "不符合推荐条件")
                    decided_by.setdefault(nomination_id, []).append(user.nickname)
                    break
                except DomainError as exc:
                    db.session.rollback()
                    assert exc.status == 409, exc
                    refusals[exc.code] += 1
                    if exc.code != "review_changed":
                        break  # someone else decided it: on to the next

    worker, errors = _run(app, review)
    threads = [threading.Thread(target=worker, args=(zhou.id, ids)),
               threading.Thread(target=worker, args=(su.id, ids[::-1]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    assert sorted(decided_by) == ids and all(len(who) == 1 for who in decided_by.values()), decided_by
    by_reviewer = Counter(who[0] for who in decided_by.values())
    assert by_reviewer["周主任"] > 0 and by_reviewer["苏科长"] > 0 and sum(by_reviewer.values()) == 64
    assert refusals["already_decided"] + refusals["not_in_review"] > 0

    db.session.expire_all()
    entries = _decision_entries()
    assert Counter(int(e.target_id) for e in entries) == Counter({nid: 1 for nid in ids})
    for nid in ids:
        assert db.session.get(Nomination, nid).status == wanted[nid]
    for entry in entries:
        assert entry.actor_user_id == {"周主任": zhou.id, "苏科长": su.id}[decided_by[int(entry.target_id)][0]]
    # Each nominee (and each recommending organization) is told once.
    told = Counter((row.user_id, row.data["nomination_id"]) for row in db.session.scalars(
        sa.select(Notification).where(Notification.event.in_(("review_passed", "review_returned", "review_rejected")))))
    for nid in ids:
        people = decisions.recipients(db.session.get(Nomination, nid))
        assert people and all(told[(uid, nid)] == 1 for uid in people)
