"""Fraud rules raise flags with evidence; organizers review them; the caller's IP is found safely."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, LikeFlag
from app.services.errors import DomainError
from app.services.likes import liking, review
from tests.factories.likes import (auth, campaign, drain, ledger_rows, likes_app, make_nominee, make_user,  # noqa: F401
                                   make_users)


@pytest.fixture
def strict(app):
    saved = {k: app.config[k] for k in ("LIKE_FLAG_IP_ACCOUNTS", "LIKE_FLAG_YOUNG_LIKES", "LIKE_FLAG_YOUNG_HOURS")}
    app.config.update(LIKE_FLAG_IP_ACCOUNTS=3, LIKE_FLAG_YOUNG_LIKES=3, LIKE_FLAG_YOUNG_HOURS=72)
    yield app
    app.config.update(saved)


def test_many_accounts_from_one_ip_raise_a_flag_with_evidence(strict, campaign):
    nominee = make_nominee(campaign)
    old = datetime.now(timezone.utc) - timedelta(days=400)
    farm = [make_user(f"farm{i}", created_at=old) for i in range(4)]
    for user in farm[:2]:
        liking.like(user.id, nominee.id, "203.0.113.66")
    liking.like(make_user("elsewhere", created_at=old).id, nominee.id, "198.51.100.9")
    drain()
    assert review.list_flags(campaign.id) == ([], 0)  # two accounts on one IP: a family, not a farm

    for user in farm[2:]:
        liking.like(user.id, nominee.id, "203.0.113.66")
    drain()
    flags, total = review.list_flags(campaign.id)
    assert total == 1 and flags[0].kind == "ip_concentration" and flags[0].ip == "203.0.113.66"
    assert flags[0].evidence["accounts"] == 4 and flags[0].evidence["likes"] == 4
    assert flags[0].evidence["user_ids"] == sorted(u.id for u in farm)


def test_likes_from_young_accounts_raise_a_flag_on_the_nominee(strict, campaign):
    nominee, other = make_nominee(campaign), make_nominee(campaign, name="李秀英")
    old = datetime.now(timezone.utc) - timedelta(days=30)
    for i, user in enumerate(make_users(3, prefix="new")):  # created just now
        liking.like(user.id, nominee.id, f"198.51.100.{i}")
    for i in range(3):
        liking.like(make_user(f"regular{i}", created_at=old).id, other.id, f"198.51.100.{i + 10}")
    drain()
    flags, _ = review.list_flags(campaign.id, kind="young_accounts")
    assert [(f.nomination_id, f.evidence["young_likes"], f.evidence["likes"]) for f in flags] == [(nominee.id, 3, 3)]
    assert all(row.account_age_seconds is not None for row in ledger_rows())


def test_organizers_close_flags_with_a_note(strict, campaign):
    nominee = make_nominee(campaign)
    for i, user in enumerate(make_users(3)):
        liking.like(user.id, nominee.id, "203.0.113.66")
    drain()
    organizer = make_user("organizer")
    flag = review.list_flags(campaign.id, kind="ip_concentration")[0][0]
    with pytest.raises(DomainError) as refused:
        review.review_flag(flag.id, "dismissed", note="", actor=organizer)
    assert refused.value.code == "reason_required"
    review.review_flag(flag.id, "dismissed", note="该IP为企业食堂公共WiFi", actor=organizer)
    assert review.list_flags(campaign.id, kind="ip_concentration") == ([], 0)
    closed, _ = review.list_flags(campaign.id, status="dismissed")
    assert closed[0].review_note == "该IP为企业食堂公共WiFi" and closed[0].reviewed_by_id == organizer.id
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "likes.flag_reviewed")).one()
    assert entry.target_id == str(flag.id) and entry.actor_user_id == organizer.id


def test_releasing_a_nominee_that_is_not_held_is_refused(campaign):
    nominee = make_nominee(campaign)
    with pytest.raises(DomainError) as refused:
        review.release_hold(nominee.id, reason="误操作", actor_label="test")
    assert refused.value.code == "not_held"
    with pytest.raises(DomainError) as refused:
        review.release_hold(nominee.id, reason="", actor_label="test")
    assert refused.value.code == "reason_required"
    assert db.session.scalar(sa.select(sa.func.count(LikeFlag.id))) == 0


def test_the_caller_ip_is_the_socket_peer_unless_proxies_are_trusted(app, client, campaign):
    from app import create_app

    nominee = make_nominee(campaign)
    spoofed = {"X-Forwarded-For": "1.2.3.4"}
    client.post(f"/api/v1/nominees/{nominee.id}/like", headers={**auth(make_user("alice")), **spoofed},
                environ_base={"REMOTE_ADDR": "198.51.100.20"})
    behind_proxy = create_app({"TESTING": True, "TRUSTED_PROXIES": 1})
    with behind_proxy.test_client() as proxied:
        response = proxied.post(f"/api/v1/nominees/{nominee.id}/like",
                                headers={**auth(make_user("bob")), "X-Forwarded-For": "1.2.3.4, 203.0.113.5"},
                                environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 200
    drain()
    # Without trusted proxies the header is ignored; with one, the address it saw is the caller.
    assert [row.ip for row in ledger_rows()] == ["198.51.100.20", "203.0.113.5"]
