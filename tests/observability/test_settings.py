"""Settings of logs and metrics: production logs JSON, malformed values are refused at start."""
import ipaddress

import pytest

from app.config import ConfigError, load_settings


def test_development_logs_text_and_metrics_are_for_loopback(tmp_path):
    settings = load_settings(str(tmp_path), {})
    assert settings["LOG_FORMAT"] == "text"
    assert settings["METRICS_ALLOW"] == (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("::1/128"))
    assert settings["METRICS_TOKEN"] == ""


def test_production_logs_json_and_metrics_allow_takes_cidrs(tmp_path):
    env = {"APP_ENV": "production", "SECRET_KEY": "k7Qm2vXr9Lp4Zt8Wn3Ys6Hb1Jd5Fg0Ce-Ua_Ro",
           "PUBLIC_BASE_URL": "https://gongjiang.example.cn", "WECHAT_MINI_APPID": "wx1234567890abcdef",
           "WECHAT_MINI_SECRET": "real-mini-secret", "WECHAT_EMULATOR": "0",
           "METRICS_ALLOW": "10.0.0.0/8, 192.0.2.7"}
    settings = load_settings(str(tmp_path), env)
    assert settings["LOG_FORMAT"] == "json"
    assert ipaddress.ip_address("10.20.30.40") in settings["METRICS_ALLOW"][0]
    assert settings["METRICS_ALLOW"][1] == ipaddress.ip_network("192.0.2.7/32")


@pytest.mark.parametrize("env, message", [
    ({"METRICS_ALLOW": "10.0.0.0/8,not-an-address"}, "METRICS_ALLOW"),
    ({"METRICS_TOKEN": "short"}, "METRICS_TOKEN"),
    ({"LOG_FORMAT": "xml"}, "LOG_FORMAT"),
])
def test_malformed_settings_are_refused(tmp_path, env, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(str(tmp_path), env)
