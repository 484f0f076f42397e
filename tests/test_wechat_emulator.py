"""The WeChat emulator, driven through wechatpy over real loopback HTTP."""
from __future__ import annotations

import io
import threading

import pytest
import redis
import requests
from PIL import Image
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from app.wechat.clients import EmulatorAdapter
from app.wechat.emulator import create_emulator_app

MINI_APPID, MINI_SECRET = "wxtestmini00000001", "mini-secret"
MP_APPID, MP_SECRET = "wxtestmp0000000001", "mp-secret"
APPS = {MINI_APPID: MINI_SECRET, MP_APPID: MP_SECRET}
MOUNT = "/_wechat-emulator"  # where the product mounts it
# The account's subscribe templates (id → keywords) and the released mini-program's pages.
TEMPLATES = {"TPL": [], "TPL-1": ["thing1"], "TPL-2": ["thing1"]}
PAGES = ["pages/index/index"]


def serve(wsgi_app):
    """Serve a WSGI app on a loopback port in a thread; return (root URL, server)."""
    server = make_server("127.0.0.1", 0, wsgi_app, threaded=True)
    # A short poll interval keeps shutdown() quick at teardown.
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


@pytest.fixture
def redis_client(backing_urls):
    # The suite's Redis: embedded in the first pass, the server in the second.
    client = redis.Redis.from_url(backing_urls["REDIS_URL"])
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def emulator_root(redis_client):
    # Mounted as in the product, so routes are checked relative to a non-empty script root.
    emulator = create_emulator_app(redis_client, APPS, subscribe_templates=TEMPLATES, pages=PAGES)
    wsgi = DispatcherMiddleware(NotFound(), {MOUNT: emulator})
    base, server = serve(wsgi)
    yield base + MOUNT
    server.shutdown()
    server.server_close()


def make_client(emulator_root, appid=MINI_APPID, secret=MINI_SECRET, **kwargs) -> WeChatClient:
    client = WeChatClient(appid, secret, timeout=5, **kwargs)
    adapter = EmulatorAdapter(emulator_root, timeout=5)  # the product's own transport
    client._http.mount("https://api.weixin.qq.com/", adapter)
    client._http.mount("https://mp.weixin.qq.com/", adapter)
    return client


@pytest.fixture
def mini(emulator_root):
    return make_client(emulator_root)


@pytest.fixture
def mp(emulator_root):
    return make_client(emulator_root, MP_APPID, MP_SECRET)


def sent(emulator_root, **params):
    response = requests.get(emulator_root + "/sent", params=params, timeout=5)
    response.raise_for_status()
    return response.json()["messages"]


def grant(emulator_root, openid, *template_ids, appid=MINI_APPID):
    """What wx.requestSubscribeMessage records when the user taps 允许."""
    requests.post(emulator_root + "/subscribe/grants", json={"appid": appid, "openid": openid,
                                                               "template_ids": list(template_ids)},
                  timeout=5).raise_for_status()


def errcode_of(call) -> int:
    with pytest.raises(WeChatClientException) as caught:
        call()
    return caught.value.errcode


def test_token_is_issued_and_stored_with_its_appid(mini, redis_client):
    result = mini.fetch_access_token()
    assert result["expires_in"] == 7200
    token = result["access_token"]
    assert redis_client.get(f"wxemu:token:{token}") == MINI_APPID.encode()
    assert 7100 < redis_client.ttl(f"wxemu:token:{token}") <= 7200


def test_token_refuses_unknown_app_and_wrong_secret(emulator_root):
    assert errcode_of(make_client(emulator_root, "wxunknown", "x").fetch_access_token) == 40013
    assert errcode_of(make_client(emulator_root, MINI_APPID, "wrong").fetch_access_token) == 40125


def test_code_to_session_with_dev_code(mini):
    session = mini.wxa.code_to_session("dev-alice")
    assert session["openid"] == "dev-alice"
    assert session["unionid"] == "union-dev-alice"
    assert len(session["session_key"]) == 24  # base64 of 16 bytes, as WeChat's
    assert mini.wxa.code_to_session("dev-alice")["session_key"] != session["session_key"]


@pytest.mark.parametrize("code", ["0a1b2c3d", "dev-", "dev-a b", "dev-" + "x" * 49])
def test_code_to_session_refuses_other_codes(mini, code):
    assert errcode_of(lambda: mini.wxa.code_to_session(code)) == 40029


def test_forged_access_token_is_refused(emulator_root):
    forged = make_client(emulator_root, access_token="forged-token", auto_retry=False)
    assert errcode_of(lambda: forged.menu.create({"button": [{"type": "click", "name": "a", "key": "k"}]})) == 40001
    # wechatpy's default auto_retry fetches a fresh token on 40001 and repeats the call.
    healing = make_client(emulator_root, access_token="forged-token")
    assert healing.wxa.check_text_security("你好") == {"errcode": 0, "errmsg": "ok"}


def test_missing_access_token_is_41001(emulator_root):
    answer = requests.post(emulator_root + "/wxa/msg_sec_check", data=b'{"content": "x"}', timeout=5)
    assert answer.status_code == 200
    assert answer.json()["errcode"] == 41001


def test_subscribe_message_is_recorded(mini, emulator_root):
    grant(emulator_root, "dev-alice", "TPL-1")
    grant(emulator_root, "dev-bob", "TPL-2")
    data = {"thing1": {"value": "您推荐的候选人已通过审核"}}
    assert mini.wxa.send_subscribe_message("dev-alice", "TPL-1", data, page="pages/index/index") == {
        "errcode": 0, "errmsg": "ok"}
    # wechatpy lacks miniprogram_state: the product posts the body itself.
    mini.wxa._post("cgi-bin/message/subscribe/send", data={
        "touser": "dev-bob", "template_id": "TPL-2", "data": data, "miniprogram_state": "trial"})
    messages = sent(emulator_root)
    assert [(m["kind"], m["appid"], m["to"]) for m in messages] == [
        ("subscribe", MINI_APPID, "dev-alice"), ("subscribe", MINI_APPID, "dev-bob")]
    assert messages[0]["body"]["data"] == data  # Chinese text survives the round trip
    assert messages[1]["body"]["miniprogram_state"] == "trial"
    assert messages[0]["id"] < messages[1]["id"] and messages[0]["at"] <= messages[1]["at"]


def test_subscribe_refusal_and_missing_openid(mini, emulator_root):
    # No grant (the user never tapped 允许, or refused): 43101.
    assert errcode_of(lambda: mini.wxa.send_subscribe_message("dev-refuse-1", "TPL", {})) == 43101
    assert errcode_of(lambda: mini.wxa.send_subscribe_message(None, "TPL", {})) == 40003
    assert errcode_of(lambda: mini.wxa.send_subscribe_message("oNotOfThisApp", "TPL", {})) == 40003
    assert sent(emulator_root) == []


def test_wxacode_unlimited_is_a_png_of_scene_and_page(mini):
    response = mini.wxa.get_wxa_code_unlimited("n=42", page="pages/nominee/nominee", width=430)
    assert response.headers["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert 280 <= image.width <= 430 and image.width == image.height


@pytest.mark.parametrize("scene", ["x" * 33, ""])
def test_wxacode_refuses_bad_scene(mini, scene):
    assert errcode_of(lambda: mini.wxa.get_wxa_code_unlimited(scene, page="pages/index/index")) == 40169


def test_text_security_v1_and_v2(mini):
    assert mini.wxa.check_text_security("推荐一位优秀青年")["errcode"] == 0
    assert errcode_of(lambda: mini.wxa.check_text_security("欢迎来赌博")) == 87014
    v2 = mini.wxa._post("wxa/msg_sec_check", data={
        "content": "帮忙刷票", "version": 2, "scene": 2, "openid": "dev-alice"})
    assert v2["errcode"] == 0 and v2["result"]["suggest"] == "risky"


def test_user_risk_rank(mini):
    def rank(openid):
        return mini.wxa._post("wxa/getuserriskrank", data={
            "appid": MINI_APPID, "openid": openid, "scene": 1, "client_ip": "127.0.0.1"})

    normal = rank("dev-alice")
    assert normal["errcode"] == 0 and normal["risk_rank"] == 0 and isinstance(normal["unoin_id"], int)
    assert rank("dev-risky-bot")["risk_rank"] == 4


def test_official_account_qrcode(mp, emulator_root, redis_client):
    created = mp.qrcode.create({"expire_seconds": 3600, "action_name": "QR_STR_SCENE",
                                "action_info": {"scene": {"scene_str": "nominee:42"}}})
    assert created["expire_seconds"] == 3600 and created["url"].startswith("http://weixin.qq.com/q/")
    assert 3500 < redis_client.ttl(f"wxemu:qrcode:{created['ticket']}") <= 3600
    # qrcode.show() uses the module-level requests.get, bypassing the client's adapters, so
    # fetch the picture through the client's session at the URL wechatpy would build.
    picture = mp._http.get(mp.qrcode.get_url(created), timeout=5)
    assert picture.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(picture.content)).format == "PNG"

    permanent = mp.qrcode.create({"action_name": "QR_LIMIT_STR_SCENE",
                                  "action_info": {"scene": {"scene_str": "campaign"}}})
    assert "expire_seconds" not in permanent
    assert redis_client.ttl(f"wxemu:qrcode:{permanent['ticket']}") == -1
    too_long = {"action_name": "QR_STR_SCENE", "action_info": {"scene": {"scene_str": "x" * 65}}}
    assert errcode_of(lambda: mp.qrcode.create(too_long)) == 40053
    assert mp._http.get(mp.qrcode.get_url("no-such-ticket"), timeout=5).status_code == 404


def test_template_mass_and_custom_messages(mp, emulator_root):
    for openid in ("dev-alice", "dev-bob"):
        requests.post(emulator_root + "/followers", json={"appid": MP_APPID, "openid": openid}, timeout=5)
    requests.post(emulator_root + "/followers/dev-alice/interactions", json={"appid": MP_APPID}, timeout=5)
    first = mp.message.send_template("dev-alice", "TPL-MP", {"thing1": {"value": "公示开始"}})
    second = mp.message.send_template("dev-bob", "TPL-MP", {"thing1": {"value": "公示开始"}})
    assert first["errcode"] == 0 and second["msgid"] > first["msgid"]
    mass = mp.message.send_mass_text(None, "通知", is_to_all=True)
    assert mass["errmsg"] == "send job submission success" and isinstance(mass["msg_data_id"], int)
    mp.message.send_text("dev-alice", "感谢关注")
    messages = sent(emulator_root)
    assert [(m["kind"], m["to"]) for m in messages] == [
        ("template", "dev-alice"), ("template", "dev-bob"), ("mass", "@all"), ("custom", "dev-alice")]
    assert messages[2]["body"]["text"] == {"content": "通知"}
    assert [m["to"] for m in sent(emulator_root, kind="template")] == ["dev-alice", "dev-bob"]

    assert requests.delete(emulator_root + "/sent", timeout=5).json()["errcode"] == 0
    assert sent(emulator_root) == []


def test_menu_create_and_get(mp, mini, emulator_root):
    assert mp.menu.get() is None  # wechatpy turns 46003 "menu no exist" into None
    menu = {"button": [{"type": "view", "name": "投票", "url": "https://example.com/"}]}
    mp.menu.create(menu)
    assert mp.menu.get() == {"menu": menu}
    assert mini.menu.get() is None  # menus belong to the app whose token made them
    assert sent(emulator_root, kind="menu")[0]["body"] == menu
    assert errcode_of(lambda: mp.menu.create({"button": []})) == 40016


def test_unknown_path_and_malformed_body(mini, emulator_root):
    answer = requests.get(emulator_root + "/cgi-bin/no/such/thing", timeout=5)
    assert answer.status_code == 404
    assert answer.json() == {"errcode": 40066, "errmsg": "invalid url"}
    token = mini.access_token
    broken = requests.post(emulator_root + "/cgi-bin/message/custom/send",
                           params={"access_token": token}, data=b"{not json", timeout=5)
    assert broken.json()["errcode"] == 47001


def test_two_emulator_instances_share_state_through_redis(redis_client, emulator_root):
    # A second app object (as in another process) on its own server, same Redis.
    other_base, other_server = serve(create_emulator_app(redis_client, APPS, subscribe_templates=TEMPLATES))
    try:
        grant(emulator_root, "dev-carol", "TPL")  # granted through one, used through the other
        issued_here = make_client(emulator_root)
        used_there = make_client(other_base, access_token=issued_here.access_token, auto_retry=False)
        used_there.wxa.send_subscribe_message("dev-carol", "TPL", {})
        assert [m["to"] for m in sent(emulator_root)] == ["dev-carol"]
        # A follower added through one instance may be written to through the other.
        requests.post(emulator_root + "/followers", json={"appid": MINI_APPID, "openid": "dev-dave"}, timeout=5)
        requests.post(other_base + "/followers/dev-dave/interactions", json={"appid": MINI_APPID}, timeout=5)
        used_there.message.send_text("dev-dave", "hi")
        assert [m["to"] for m in sent(emulator_root)] == ["dev-carol", "dev-dave"]
        requests.delete(other_base + "/sent", timeout=5)
        assert sent(emulator_root) == []
    finally:
        other_server.shutdown()
        other_server.server_close()


# --- exposure on a network: demo logins and inspection for this machine (or the development key) ---

LAN = {"REMOTE_ADDR": "192.168.1.23"}  # a phone or a neighbour on the same network
DEV_KEY = "dev-access-key-for-the-tests-0001"


@pytest.fixture
def dev_key(app):
    app.config["DEV_ACCESS_KEY"] = DEV_KEY
    yield {"X-Dev-Access-Key": DEV_KEY}
    app.config["DEV_ACCESS_KEY"] = ""


def test_emulator_inspection_answers_loopback_or_the_development_key_only(client, dev_key):
    for method in ("get", "delete"):
        refused = getattr(client, method)(f"{MOUNT}/sent", environ_base=LAN)
        assert refused.status_code == 403 and refused.get_json()["errcode"] == 40164
        wrong = getattr(client, method)(f"{MOUNT}/sent", environ_base=LAN, headers={"X-Dev-Access-Key": "guess"})
        assert wrong.status_code == 403
        assert getattr(client, method)(f"{MOUNT}/sent", environ_base=LAN, headers=dev_key).status_code == 200
        assert getattr(client, method)(f"{MOUNT}/sent").status_code == 200  # the test client is 127.0.0.1
    assert client.get(f"{MOUNT}/sent", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_demo_login_answers_loopback_or_the_development_key_only(client, app, dev_key):
    refused = client.post("/api/v1/auth/login", json={"code": "dev-organizer"}, environ_base=LAN)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "dev_login_forbidden" and "本机" in refused.get_json()["error"]["message"]
    app.config["DEV_ACCESS_KEY"] = ""  # no key configured: a header opens nothing
    assert client.post("/api/v1/auth/login", json={"code": "dev-organizer"}, environ_base=LAN,
                       headers={"X-Dev-Access-Key": ""}).status_code == 403
    app.config["DEV_ACCESS_KEY"] = DEV_KEY
    allowed = client.post("/api/v1/auth/login", json={"code": "dev-organizer"}, environ_base=LAN, headers=dev_key)
    assert allowed.status_code == 200 and allowed.get_json()["token"]
    assert client.post("/api/v1/auth/login", json={"code": "dev-organizer"}).status_code == 200  # loopback


def test_wechat_api_paths_of_the_emulator_keep_answering(client, app):
    # wechatpy inside the app calls these over HTTP; only inspection and demo logins are restricted.
    token = client.get(f"{MOUNT}/cgi-bin/token", environ_base=LAN, query_string={
        "grant_type": "client_credential", "appid": app.config["WECHAT_MINI_APPID"],
        "secret": app.config["WECHAT_MINI_SECRET"]})
    assert token.status_code == 200 and token.get_json()["access_token"]


def test_loopback_addresses():
    from app.wechat.dev_access import is_loopback

    assert all(is_loopback(a) for a in ("127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"))
    assert not any(is_loopback(a) for a in ("192.168.1.23", "10.0.0.1", "::ffff:10.0.0.1", "", None, "unix:x"))


def test_development_server_log_redacts_secrets_tokens_and_codes(app, caplog, monkeypatch):
    import logging

    # The migrations' logging.config.fileConfig disabled the loggers that existed then, werkzeug's too.
    monkeypatch.setattr(logging.getLogger("werkzeug"), "disabled", False)
    caplog.set_level("INFO", logger="werkzeug")
    response = requests.post(app.config["LIVE_URL"] + "/api/v1/auth/login", json={"code": "dev-frank"}, timeout=10)
    assert response.status_code == 200
    token = response.json()["token"]
    requests.get(app.config["LIVE_URL"] + "/api/v1/me", params={"access_token": token, "code": "dev-frank"},
                 timeout=10)
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert any("jscode2session?" in line for line in lines), lines  # wechatpy's call to the emulator was logged
    text = "\n".join(lines)
    assert app.config["WECHAT_MINI_SECRET"] not in text and "dev-frank" not in text and token not in text
    assert "secret=[REDACTED]" in text and "js_code=[REDACTED]" in text and "access_token=[REDACTED]" in text
