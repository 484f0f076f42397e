"""Settings: the emulator and development defaults are refused in production."""
import socket
import time

import pytest
import sqlalchemy as sa

from app.config import ConfigError, load_settings

REAL_WECHAT = {
    "WECHAT_MINI_APPID": "wx1234567890abcdef", "WECHAT_MINI_SECRET": "real-mini-secret",
    "WECHAT_MP_APPID": "wxabcdef1234567890", "WECHAT_MP_SECRET": "real-mp-secret",
}
STRONG_KEY = "k7Qm2vXr9Lp4Zt8Wn3Ys6Hb1Jd5Fg0Ce-Ua_Ro"
PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": STRONG_KEY, "PUBLIC_BASE_URL": "https://gongjiang.example.cn"}


def test_development_defaults_use_the_emulator_sqlite_and_embedded_redis(tmp_path):
    settings = load_settings(str(tmp_path), {})
    assert settings["WECHAT_EMULATOR"] is True
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert settings["REDIS_URL"] == ""
    assert settings["PUBLIC_BASE_URL"] == "http://127.0.0.1:8000"
    # The generated development key is kept, so tokens survive a restart.
    assert load_settings(str(tmp_path), {})["SECRET_KEY"] == settings["SECRET_KEY"]


def test_emulator_is_refused_in_production_without_credentials(tmp_path):
    with pytest.raises(ConfigError, match="emulator"):
        load_settings(str(tmp_path), PRODUCTION)


def test_emulator_cannot_be_forced_in_production(tmp_path):
    env = {**PRODUCTION, "WECHAT_EMULATOR": "1", **REAL_WECHAT}
    with pytest.raises(ConfigError, match="emulator"):
        load_settings(str(tmp_path), env)


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(str(tmp_path), {"APP_ENV": "production", "PUBLIC_BASE_URL": PRODUCTION["PUBLIC_BASE_URL"],
                                      **REAL_WECHAT})


def test_production_with_credentials_talks_to_wechat(tmp_path):
    settings = load_settings(str(tmp_path), {**PRODUCTION, **REAL_WECHAT})
    assert settings["WECHAT_EMULATOR"] is False
    assert settings["WECHAT_MP_TOKEN"] == ""  # no development token in production


def test_postgresql_urls_use_psycopg3(tmp_path):
    settings = load_settings(str(tmp_path), {"DATABASE_URL": "postgresql://u@127.0.0.1:5432/db"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1:5432/db"


def test_production_app_serves_no_emulator_and_no_dev_login(app, monkeypatch):
    from app import create_app

    for name, value in PRODUCTION.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("WECHAT_EMULATOR", raising=False)
    for name, value in REAL_WECHAT.items():
        monkeypatch.setenv(name, value)
    production = create_app()
    assert production.config["WECHAT_EMULATOR"] is False
    response = production.test_client().get("/_wechat-emulator/sent")
    assert response.status_code == 404


@pytest.mark.parametrize("weak", ["k", "x" * 40, "short-but-random-9Qz", "test-secret-key-not-for-production",
                                  "0123456789" * 2])
def test_production_refuses_a_weak_or_known_secret_key(tmp_path, weak):
    with pytest.raises(ConfigError, match="SECRET_KEY is too weak"):
        load_settings(str(tmp_path), {**PRODUCTION, "SECRET_KEY": weak, **REAL_WECHAT})


@pytest.mark.parametrize("url", ["http://gongjiang.example.cn", "gongjiang.example.cn", None])
def test_production_refuses_a_public_address_without_https(tmp_path, url):
    env = {**PRODUCTION, **REAL_WECHAT}
    if url is None:
        env.pop("PUBLIC_BASE_URL")  # the default is http://127.0.0.1
    else:
        env["PUBLIC_BASE_URL"] = url
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL must be an https://"):
        load_settings(str(tmp_path), env)


def test_production_session_cookie_is_secure(tmp_path):
    settings = load_settings(str(tmp_path), {**PRODUCTION, **REAL_WECHAT})
    assert settings["SESSION_COOKIE_SECURE"] is True and settings["SECRET_KEY"] == STRONG_KEY
    # The development default stays usable over plain http on the developer's machine.
    assert load_settings(str(tmp_path), {})["SESSION_COOKIE_SECURE"] is False


def test_production_can_reach_wechat_through_another_address(tmp_path):
    # An egress gateway, or the emulator on a host of its own (tests/multihost): the emulator stays refused.
    settings = load_settings(str(tmp_path), {**PRODUCTION, "WECHAT_MINI_APPID": "wx1", "WECHAT_MINI_SECRET": "s",
                                             "WECHAT_API_URL": "http://10.0.0.5:8000/"})
    assert settings["WECHAT_EMULATOR"] is False
    assert settings["WECHAT_API_URL"] == "http://10.0.0.5:8000"
    assert load_settings(str(tmp_path), {**PRODUCTION, "WECHAT_MINI_SECRET": "s"})["WECHAT_API_URL"] == ""


def test_a_postgresql_host_that_does_not_answer_fails_a_connection_in_seconds(tmp_path):
    # A "server" that takes the TCP connection and then says nothing, as a frozen database host does.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    port = silent.getsockname()[1]
    settings = load_settings(str(tmp_path), {"DATABASE_URL": f"postgresql://u@127.0.0.1:{port}/db",
                                             "DATABASE_CONNECT_TIMEOUT": "2"})
    engine = sa.create_engine(settings["SQLALCHEMY_DATABASE_URI"], **settings["SQLALCHEMY_ENGINE_OPTIONS"])
    started = time.monotonic()
    try:
        with pytest.raises(sa.exc.OperationalError):
            engine.connect()
    finally:
        silent.close()
    assert 1.5 < time.monotonic() - started < 10
