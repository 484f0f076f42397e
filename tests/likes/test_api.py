"""Liking over HTTP: limits, concurrency, idempotency, holds, the stage switch, the identity."""
import threading
from datetime import datetime, timedelta

import requests
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, LikeFlag, LikeHold
from app.redis_store import get_redis
from app.services.campaigns import stages
from app.services.likes import review
from tests.factories.clock import not_at_a_minute_end
from tests.factories.likes import (CST, auth, campaign, drain, ledger_rows, likes_app, make_nominee,  # noqa: F401
                                   make_user, make_users)


def like(client, nominee, headers, **extra):
    return client.post(f"/api/v1/nominees/{nominee.id}/like", headers=headers, **extra)


def test_64_concurrent_likes_by_one_user_on_one_nominee_count_once(app, campaign):
    nominee = make_nominee(campaign)
    headers = auth(make_user("alice"))
    url = f"{app.config['LIVE_URL']}/api/v1/nominees/{nominee.id}/like"
    start = threading.Barrier(64)
    answers = []

    def hit():
        with requests.Session() as session:
            start.wait()
            response = session.post(url, headers=headers, timeout=30)
            answers.append((response.status_code, response.json()))

    threads = [threading.Thread(target=hit) for _ in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    accepted = [body for status, body in answers if status == 200]
    refused = [body["error"]["code"] for status, body in answers if status == 409]
    assert len(answers) == 64
    assert accepted == [{"likes": 1, "remaining_today": 9}]
    assert refused == ["already_liked_today"] * 63
    drain()
    assert len(ledger_rows(nomination_id=nominee.id)) == 1


def test_eleventh_like_of_the_day_is_refused(client, campaign):
    nominees = [make_nominee(campaign, name=f"候选人{i}") for i in range(11)]
    headers = auth(make_user("alice"))
    remaining = [like(client, nominee, headers).get_json()["remaining_today"] for nominee in nominees[:10]]
    assert remaining == [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]

    eleventh = like(client, nominees[10], headers)
    assert eleventh.status_code == 429
    assert eleventh.get_json()["error"]["code"] == "daily_limit_reached"
    assert eleventh.get_json()["error"]["message"] == "今日点赞次数已用完，明天再来吧"
    now = datetime.now(CST)
    seconds_to_midnight = (datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), CST) - now)
    assert abs(int(eleventh.headers["Retry-After"]) - seconds_to_midnight.total_seconds()) <= 5
    assert client.get(f"/api/v1/leaderboard?limit=20").get_json()["items"][0]["likes"] == 1
    drain()
    assert len(ledger_rows()) == 10


def test_like_answers_are_never_cached(client, campaign):
    nominee = make_nominee(campaign)
    headers = auth(make_user("alice"))
    accepted, repeated = like(client, nominee, headers), like(client, nominee, headers)
    assert (accepted.status_code, repeated.status_code) == (200, 409)
    assert accepted.headers["Cache-Control"] == repeated.headers["Cache-Control"] == "no-store"


def test_a_retried_request_with_the_same_idempotency_key_counts_once(client, campaign):
    first, second = make_nominee(campaign), make_nominee(campaign, name="李秀英")
    headers = auth(make_user("alice"))
    once = like(client, first, {**headers, "Idempotency-Key": "tap-2019-08-01-0001"})
    again = like(client, first, {**headers, "Idempotency-Key": "tap-2019-08-01-0001"})
    assert once.status_code == again.status_code == 200
    assert once.get_json() == again.get_json() == {"likes": 1, "remaining_today": 9}

    elsewhere = like(client, second, {**headers, "Idempotency-Key": "tap-2019-08-01-0001"})
    assert elsewhere.status_code == 409 and elsewhere.get_json()["error"]["code"] == "idempotency_conflict"
    bad = like(client, second, {**headers, "Idempotency-Key": "含中文的键"})
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_idempotency_key"
    # Without the key a repeat is a second like, refused by the per-nominee limit.
    assert like(client, first, headers).get_json()["error"]["code"] == "already_liked_today"
    drain()
    assert len(ledger_rows()) == 1


def test_the_identity_is_the_token_never_the_request(client, campaign):
    nominee = make_nominee(campaign)
    alice, bob = make_user("alice"), make_user("bob")
    response = like(client, nominee, auth(alice), json={"openid": bob.openid, "user_id": bob.id})
    assert response.status_code == 200
    drain()
    assert [row.user_id for row in ledger_rows()] == [alice.id]

    assert like(client, nominee, {}).status_code == 401
    forged = like(client, nominee, {"Authorization": "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."})
    assert forged.status_code == 401 and forged.get_json()["error"]["code"] == "token_invalid"


def test_only_finalists_may_be_liked(client, campaign):
    under_review = make_nominee(campaign, status="under_review")
    headers = auth(make_user("alice"))
    refused = like(client, under_review, headers)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "not_likeable"
    assert client.post("/api/v1/nominees/999999/like", headers=headers).get_json()["error"]["code"] == "not_likeable"

    under_review.status = "finalist"  # the commit puts it in the likeable set at once
    db.session.commit()
    assert like(client, under_review, headers).status_code == 200
    under_review.status = "withdrawn"
    db.session.commit()
    assert like(client, under_review, auth(make_user("bob"))).get_json()["error"]["code"] == "not_likeable"


def test_a_held_nominee_refuses_likes_until_released(client, campaign):
    campaign.like_velocity_hold_per_minute = 3
    db.session.commit()
    nominee, other = make_nominee(campaign), make_nominee(campaign, name="李秀英")
    fans = make_users(6)
    not_at_a_minute_end()
    assert [like(client, nominee, auth(fan)).status_code for fan in fans[:3]] == [200, 200, 200]
    held = like(client, nominee, auth(fans[3]))
    assert held.status_code == 409 and held.get_json()["error"]["code"] == "held_for_review"
    assert like(client, nominee, auth(fans[4])).get_json()["error"]["code"] == "held_for_review"
    assert like(client, other, auth(fans[3])).status_code == 200  # others are not affected

    drain()
    flag = db.session.scalars(sa.select(LikeFlag).where(LikeFlag.kind == "velocity")).one()
    assert flag.nomination_id == nominee.id
    assert flag.evidence["rate"] == 3 and flag.evidence["limit"] == 3
    hold = db.session.scalars(sa.select(LikeHold)).one()
    assert hold.nomination_id == nominee.id and hold.released_at is None and hold.flag_id == flag.id

    organizer = make_user("organizer")
    assert review.release_hold(nominee.id, reason="核实为媒体报道带来的正常增长", actor=organizer) == 1
    assert like(client, nominee, auth(fans[5])).status_code == 200
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "likes.hold_released")).one()
    assert entry.actor_user_id == organizer.id and entry.target_id == str(nominee.id)
    assert entry.reason == "核实为媒体报道带来的正常增长"


def test_the_stage_switch_closes_likes_on_the_next_like(client, campaign):
    nominee = make_nominee(campaign)
    assert like(client, nominee, auth(make_user("alice"))).status_code == 200

    stages.set_override(campaign, "evaluation", actor_label="test", reason="点赞结束")
    db.session.commit()
    closed = like(client, nominee, auth(make_user("bob")))
    assert closed.status_code == 409
    assert closed.get_json()["error"] == {"code": "stage_closed", "message": "当前阶段未开放点赞"}

    stages.set_override(campaign, "promotion", actor_label="test", reason="延长点赞")
    db.session.commit()
    assert like(client, nominee, auth(make_user("carol"))).status_code == 200


def test_many_likes_from_one_ip_in_a_minute_are_slowed(client, campaign):
    campaign.likes_per_ip_per_minute = 3
    db.session.commit()
    nominee = make_nominee(campaign)
    fans = make_users(4)
    same_ip = {"REMOTE_ADDR": "203.0.113.7"}
    not_at_a_minute_end()
    codes = [like(client, nominee, auth(fan), environ_base=same_ip).status_code for fan in fans]
    assert codes == [200, 200, 200, 429]
    slowed = like(client, nominee, auth(fans[3]), environ_base=same_ip)
    assert slowed.get_json()["error"]["code"] == "too_fast"
    assert 1 <= int(slowed.headers["Retry-After"]) <= 60
    assert like(client, nominee, auth(fans[3]), environ_base={"REMOTE_ADDR": "198.51.100.2"}).status_code == 200


def test_risky_accounts_are_refused_and_flagged(client, campaign):
    nominee, other = make_nominee(campaign), make_nominee(campaign, name="李秀英")
    risky, normal = make_user("risky-farm01"), make_user("alice")
    refused = like(client, nominee, auth(risky))
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "risk_rejected"
    assert like(client, nominee, auth(normal)).status_code == 200
    assert like(client, other, auth(normal)).status_code == 200
    # WeChat is asked once per user and day: two checks for two users.
    assert int(get_redis().get("wxemu:seq:riskrank")) == 2
    drain()
    flag = db.session.scalars(sa.select(LikeFlag).where(LikeFlag.kind == "risk_rank")).one()
    assert flag.user_id == risky.id and flag.evidence["rank"] == 4
    assert [row.user_id for row in ledger_rows()] == [normal.id, normal.id]


def test_my_likes_today_shows_what_is_left(client, campaign):
    first, second = make_nominee(campaign), make_nominee(campaign, name="李秀英")
    headers = auth(make_user("alice"))
    assert client.get("/api/v1/me/likes/today", headers=headers).get_json() == {
        "remaining_today": 10, "liked_nominee_ids": []}
    like(client, second, headers)
    like(client, first, headers)
    assert client.get("/api/v1/me/likes/today", headers=headers).get_json() == {
        "remaining_today": 8, "liked_nominee_ids": sorted([first.id, second.id])}
    assert client.get("/api/v1/me/likes/today").status_code == 401


def test_leaderboard_ranks_public_nominees_by_likes(client, campaign):
    top, tied_a, tied_b, quiet = (make_nominee(campaign, name=n) for n in ("赵海峰", "钱立新", "孙美华", "周志强"))
    hidden = make_nominee(campaign, name="吴卫东")
    fans = make_users(4)
    for fan in fans[:3]:
        like(client, top, auth(fan))
    for fan in fans[:2]:
        like(client, tied_a, auth(fan))
        like(client, tied_b, auth(fan))
    like(client, hidden, auth(fans[3]))
    hidden.status = "withdrawn"
    db.session.commit()

    items = client.get("/api/v1/leaderboard?limit=10").get_json()["items"]
    assert [(i["rank"], i["name"], i["likes"]) for i in items][:1] == [(1, "赵海峰", 3)]
    assert sorted((i["rank"], i["name"]) for i in items[1:3]) == [(2, "孙美华"), (2, "钱立新")]
    assert (items[3]["rank"], items[3]["name"], items[3]["likes"]) == (4, "周志强", 0)
    assert len(items) == 4 and "mobile" not in items[0]
    assert items[0]["employer_name"] == "连云港云台港口机械有限公司" and items[0]["trade"] == "港口机械维修"
    assert len(client.get("/api/v1/leaderboard?limit=1").get_json()["items"]) == 1
    assert client.get("/api/v1/leaderboard?limit=0").status_code == 400
    assert quiet.id in {i["id"] for i in items}


def test_the_like_path_answers_wrong_methods_and_failures_in_the_api_shape(client, campaign, monkeypatch):
    nominee = make_nominee(campaign)
    wrong = client.get(f"/api/v1/nominees/{nominee.id}/like")
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "POST"
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
    assert client.post(f"/api/v1/nominees/{nominee.id}/like").get_json()["error"] == {
        "code": "unauthorized", "message": "请先登录"}

    from app.services.likes import liking

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(liking, "like", broken)
    failed = client.post(f"/api/v1/nominees/{nominee.id}/like", headers=auth(make_user("alice")))
    assert failed.status_code == 500
    assert failed.get_json()["error"]["code"] == "internal_error"


def test_the_like_operation_is_in_the_openapi_document(client):
    operation = client.get("/api/openapi.json").get_json()["paths"]["/api/v1/nominees/{nomination_id}/like"]["post"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/LikeResult")
    assert {"401", "403", "409", "429", "503"} <= set(operation["responses"])
    assert operation["security"] == [{"bearerAuth": []}]


def test_likes_go_on_after_redis_forgets_the_script_or_drops_connections(client, campaign):
    nominees = [make_nominee(campaign, name=f"候选人{i}") for i in range(3)]
    headers = auth(make_user("alice"))
    assert like(client, nominees[0], headers).status_code == 200
    get_redis().script_flush()
    assert like(client, nominees[1], headers).get_json() == {"likes": 1, "remaining_today": 8}
    get_redis().client_kill_filter(_type="normal", skipme=True)  # the kept connections go stale
    assert like(client, nominees[2], headers).get_json() == {"likes": 1, "remaining_today": 7}
    drain()
    assert len(ledger_rows()) == 3


def test_a_like_right_after_redis_dropped_its_connections_counts_once_without_a_retry(client, campaign):
    """Redis restarted or killed the connections a moment after the last like, before the idle check is
    due: the next like is still answered (not "try again") and counted exactly once."""
    nominees = [make_nominee(campaign, name=f"候选人{i}") for i in range(2)]
    headers = auth(make_user("alice"))
    assert like(client, nominees[0], headers).status_code == 200
    get_redis().client_kill_filter(_type="normal", skipme=True)
    answer = like(client, nominees[1], headers)
    assert answer.status_code == 200 and answer.get_json() == {"likes": 1, "remaining_today": 8}
    drain()
    assert sorted(row.nomination_id for row in ledger_rows()) == sorted(n.id for n in nominees)
