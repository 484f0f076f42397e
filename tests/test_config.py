"""Settings: the emulator and development defaults are refused in production."""
import pytest

from app.config import ConfigError, load_settings

REAL_WECHAT = {
    "WECHAT_MINI_APPID": "wx1234567890abcdef", "WECHAT_MINI_SECRET": "real-mini-secret",
    "WECHAT_MP_APPID": "wxabcdef1234567890", "WECHAT_MP_SECRET": "real-mp-secret",
}


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
        load_settings(str(tmp_path), {"APP_ENV": "production", "SECRET_KEY": "x" * 40})


def test_emulator_cannot_be_forced_in_production(tmp_path):
    env = {"APP_ENV": "production", "SECRET_KEY": "x" * 40, "WECHAT_EMULATOR": "1", **REAL_WECHAT}
    with pytest.raises(ConfigError, match="emulator"):
        load_settings(str(tmp_path), env)


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings(str(tmp_path), {"APP_ENV": "production", **REAL_WECHAT})


def test_production_with_credentials_talks_to_wechat(tmp_path):
    settings = load_settings(str(tmp_path), {"APP_ENV": "production", "SECRET_KEY": "x" * 40, **REAL_WECHAT})
    assert settings["WECHAT_EMULATOR"] is False
    assert settings["WECHAT_MP_TOKEN"] == ""  # no development token in production


def test_postgresql_urls_use_psycopg3(tmp_path):
    settings = load_settings(str(tmp_path), {"DATABASE_URL": "postgresql://u@127.0.0.1:5432/db"})
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1:5432/db"


def test_production_app_serves_no_emulator_and_no_dev_login(app, monkeypatch):
    from app import create_app

    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.delenv("WECHAT_EMULATOR", raising=False)
    for name, value in REAL_WECHAT.items():
        monkeypatch.setenv(name, value)
    production = create_app()
    assert production.config["WECHAT_EMULATOR"] is False
    response = production.test_client().get("/_wechat-emulator/sent")
    assert response.status_code == 404
