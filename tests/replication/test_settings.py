"""The replication settings: where the app finds Redis, and how long a like waits for replicas."""
import pytest

from app.config import ConfigError, load_settings
from tests.test_config import PRODUCTION, REAL_WECHAT

SENTINELS = {"REDIS_SENTINELS": "10.0.0.5:26379, 10.0.0.6:26379,10.0.0.7:26379"}


def test_a_production_with_sentinels_waits_for_one_replica_by_default(tmp_path):
    settings = load_settings(str(tmp_path), {**PRODUCTION, **REAL_WECHAT, **SENTINELS})
    assert settings["REDIS_SENTINELS"] == [("10.0.0.5", 26379), ("10.0.0.6", 26379), ("10.0.0.7", 26379)]
    assert settings["REDIS_SENTINEL_MASTER"] == "gangcheng"
    assert (settings["LIKES_WAIT_REPLICAS"], settings["LIKES_WAIT_TIMEOUT_MS"]) == (1, 500)


@pytest.mark.parametrize("env", [{**PRODUCTION, **REAL_WECHAT}, {}, SENTINELS])
def test_without_a_replicated_production_a_like_does_not_wait(tmp_path, env):
    assert load_settings(str(tmp_path), env)["LIKES_WAIT_REPLICAS"] == 0


def test_the_wait_can_be_set_or_turned_off(tmp_path):
    env = {**PRODUCTION, **REAL_WECHAT, **SENTINELS, "LIKES_WAIT_REPLICAS": "0"}
    assert load_settings(str(tmp_path), env)["LIKES_WAIT_REPLICAS"] == 0
    env = {**SENTINELS, "LIKES_WAIT_REPLICAS": "2", "LIKES_WAIT_TIMEOUT_MS": "100"}
    assert (load_settings(str(tmp_path), env)["LIKES_WAIT_REPLICAS"],
            load_settings(str(tmp_path), env)["LIKES_WAIT_TIMEOUT_MS"]) == (2, 100)


@pytest.mark.parametrize("env, message", [
    ({"REDIS_SENTINELS": "10.0.0.5"}, "REDIS_SENTINELS"),
    ({"REDIS_SENTINELS": "10.0.0.5:263790"}, "REDIS_SENTINELS"),
    ({"LIKES_WAIT_REPLICAS": "1", "LIKES_WAIT_TIMEOUT_MS": "0"}, "LIKES_WAIT_TIMEOUT_MS"),  # WAIT 1 0 never ends
    ({"LIKES_WAIT_REPLICAS": "1", "LIKES_WAIT_TIMEOUT_MS": "6000"}, "LIKES_WAIT_TIMEOUT_MS"),
    ({"LIKES_WAIT_REPLICAS": "-1"}, "LIKES_WAIT_REPLICAS"),
])
def test_bad_replication_settings_are_refused_with_their_name(tmp_path, env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(str(tmp_path), env)
