"""The official account's settings: safe mode needs a real EncodingAESKey; the bot needs a token in production."""
import pytest

from app.config import ConfigError, load_settings
from tests.bot.conftest import AES_KEY


def test_defaults_are_plaintext_with_the_development_token(tmp_path):
    settings = load_settings(str(tmp_path), {})
    assert (settings["WECHAT_MP_TOKEN"], settings["WECHAT_MP_MESSAGE_MODE"]) == ("dev-token", "plaintext")
    assert (settings["WECHAT_MP_MAX_AGE_SECONDS"], settings["WECHAT_MP_REPLY_SECONDS"]) == (300, 4.0)


def test_an_aes_key_turns_safe_mode_on(tmp_path):
    settings = load_settings(str(tmp_path), {"WECHAT_MP_AES_KEY": AES_KEY})
    assert settings["WECHAT_MP_MESSAGE_MODE"] == "safe"
    compatible = load_settings(str(tmp_path), {"WECHAT_MP_AES_KEY": AES_KEY, "WECHAT_MP_MESSAGE_MODE": "compatible"})
    assert compatible["WECHAT_MP_MESSAGE_MODE"] == "compatible"


@pytest.mark.parametrize("env, named", [
    ({"WECHAT_MP_AES_KEY": "too-short"}, "WECHAT_MP_AES_KEY"),
    ({"WECHAT_MP_AES_KEY": AES_KEY[:-1] + "!"}, "WECHAT_MP_AES_KEY"),
    ({"WECHAT_MP_MESSAGE_MODE": "safe"}, "needs WECHAT_MP_AES_KEY"),
    ({"WECHAT_MP_MESSAGE_MODE": "secret"}, "plaintext, compatible or safe"),
    ({"WECHAT_MP_TEMPLATES": "[1, 2]"}, "WECHAT_MP_TEMPLATES"),
])
def test_wrong_official_account_settings_are_refused(tmp_path, env, named):
    with pytest.raises(ConfigError, match=named):
        load_settings(str(tmp_path), env)


def test_without_a_token_the_callback_refuses_everything(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WECHAT_MP_TOKEN", "")
    assert client.get("/wechat/bot", query_string={"echostr": "1", "signature": "x", "timestamp": "1",
                                                   "nonce": "1"}).status_code == 503
