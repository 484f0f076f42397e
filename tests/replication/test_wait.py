"""LIKES_WAIT_REPLICAS: an accepted like is acknowledged only once enough replicas have it.

Here Redis has no replica at all (the embedded server), so a like that must wait for one is recorded in
the primary but never acknowledged; with the setting off the like path sends no WAIT.
"""
import pytest

from app.redis_store import get_redis
from app.services.likes.counts import board_key
from tests.factories.likes import auth, campaign, likes_app, make_nominee, make_user  # noqa: F401


@pytest.fixture
def wait_for_one_replica(app):
    saved = app.config["LIKES_WAIT_REPLICAS"], app.config["LIKES_WAIT_TIMEOUT_MS"]
    app.config["LIKES_WAIT_REPLICAS"], app.config["LIKES_WAIT_TIMEOUT_MS"] = 1, 50
    yield
    app.config["LIKES_WAIT_REPLICAS"], app.config["LIKES_WAIT_TIMEOUT_MS"] = saved


def waits_sent() -> int:
    return int(get_redis().info("commandstats").get("cmdstat_wait", {}).get("calls", 0))


def like(client, nominee, headers):
    return client.post(f"/api/v1/nominees/{nominee.id}/like", headers=headers)


def test_without_a_replica_a_like_is_recorded_but_not_acknowledged(client, campaign, wait_for_one_replica):
    nominee = make_nominee(campaign)
    headers = {**auth(make_user("alice")), "Idempotency-Key": "tap-1"}

    answer = like(client, nominee, headers)
    assert answer.status_code == 503
    assert answer.get_json()["error"]["code"] == "like_unconfirmed"
    assert answer.get_json()["error"]["message"] == "点赞尚未确认保存，请稍后再试"
    assert answer.headers["Retry-After"] == "1"
    assert get_redis().zscore(board_key(campaign.id), nominee.id) == 1  # in the primary all the same

    retried = like(client, nominee, headers)  # the same tap again: replayed, still unconfirmed, counted once
    assert retried.get_json()["error"]["code"] == "like_unconfirmed"
    assert get_redis().zscore(board_key(campaign.id), nominee.id) == 1


def test_a_refused_like_does_not_wait(client, campaign, wait_for_one_replica):
    nominee = make_nominee(campaign, status="withdrawn")
    before = waits_sent()
    answer = like(client, nominee, auth(make_user("alice")))
    assert answer.get_json()["error"]["code"] == "not_likeable"
    assert waits_sent() == before


def test_with_the_setting_off_a_like_is_one_command(client, campaign, app):
    assert app.config["LIKES_WAIT_REPLICAS"] == 0  # the default outside production with Sentinel
    nominee = make_nominee(campaign)
    before = waits_sent()
    assert like(client, nominee, auth(make_user("alice"))).status_code == 200
    assert waits_sent() == before
