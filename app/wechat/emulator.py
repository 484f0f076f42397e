"""A local stand-in for the WeChat HTTP API endpoints the product calls.

wechatpy talks real HTTP to it in development and tests (its WeChat URLs are rewritten to this
app's root). Answers follow WeChat's shape: errors are `{"errcode", "errmsg"}` with HTTP 200.
All state lives in Redis under `wxemu:` so every process serving the emulator sees the same
tokens, sent messages and QR tickets.
"""
from __future__ import annotations

import base64
import hmac
import re
import secrets
from typing import Callable

import flask
import redis
from werkzeug.exceptions import MethodNotAllowed, NotFound

from app.wechat import dev_access, emulator_mass, emulator_mp, emulator_subscribe
from app.wechat.emulator_base import (DEV_CODE, KEY_PREFIX, OK, SENT_KEEP, TOKEN_TTL, WeChatError,  # noqa: F401
                                      _int_field, _json_body, _message_type_ok, _png_qrcode, _Store, fail)

# Characters WeChat documents as allowed in a wxacode scene (anything else must be encoded).
SCENE_CHARS = re.compile(r"[A-Za-z0-9!#$&'()*+,/:;=?@._~-]{1,32}")
QR_TEMP_MAX_SECONDS = 30 * 24 * 3600
# Endpoints that are not WeChat's API but show or change what the emulator recorded.
INSPECTION_ENDPOINTS = {"sent_list", "sent_clear"}

# Words that make the content check answer "risky", with the v2 label WeChat would give
# (20001 politics, 20002 porn, 20006 crime, 21000 other). Enough to exercise refusals in tests.
BANNED_WORDS = {
    "赌博": 20006,
    "代开发票": 20006,
    "毒品": 20006,
    "刷票": 21000,
    "色情": 20002,
    "法轮功": 20001,
}


def _banned_word(text: str) -> str | None:
    return next((word for word in BANNED_WORDS if word in text), None)


def create_emulator_app(redis_client: redis.Redis, apps: dict[str, str],
                        inspection_allowed: Callable[[dict], bool] | None = None, *,
                        subscribe_templates: dict[str, list[str]] | None = None,
                        pages: list[str] | None = None, sent_keep: int | None = None) -> flask.Flask:
    """A Flask app answering like api.weixin.qq.com (and mp.weixin.qq.com under /mp/).

    Its inspection endpoints (/sent, /subscribe/…, /tokens/expire) answer only when
    `inspection_allowed(environ)`; by default loopback callers (app/wechat/dev_access.py).
    `subscribe_templates` (template id → keywords) and `pages` (the released mini-program's pages)
    are the account's, for the subscribe-message rules (app/wechat/emulator_subscribe.py).
    """
    inspection_allowed = inspection_allowed or (lambda environ: dev_access.environ_allowed(environ, None))
    app = flask.Flask(__name__)
    app.json.ensure_ascii = False  # WeChat answers UTF-8, not \u escapes
    app.json.sort_keys = False
    store = _Store(redis_client, sent_keep)
    known_apps = dict(apps)
    inspection = set(INSPECTION_ENDPOINTS)

    @app.errorhandler(WeChatError)
    def answer_error(error: WeChatError):
        return flask.jsonify(errcode=error.errcode, errmsg=error.errmsg), error.status

    @app.errorhandler(NotFound)
    def answer_not_found(_error):
        return flask.jsonify(errcode=40066, errmsg="invalid url"), 404

    @app.errorhandler(MethodNotAllowed)
    def answer_wrong_method(_error):
        if flask.request.method == "GET":
            return flask.jsonify(errcode=43002, errmsg="require POST method")
        return flask.jsonify(errcode=43001, errmsg="require GET method")

    def check_app_credentials(args) -> str:
        appid, secret = args.get("appid", ""), args.get("secret", "")
        if not appid:
            fail(41002, "appid missing")
        if appid not in known_apps:
            fail(40013, "invalid appid")
        if not secret:
            fail(41004, "appsecret missing")
        if not hmac.compare_digest(secret.encode(), known_apps[appid].encode()):
            fail(40125, "invalid appsecret")
        return appid

    def require_token() -> str:
        """The appid the request's access_token was issued to."""
        token = flask.request.args.get("access_token", "")
        if not token:
            fail(41001, "access_token missing")
        appid = store.token_appid(token)
        if appid is None:  # never issued, or its TTL ran out
            fail(40001, "invalid credential, access_token is invalid or not latest")
        return appid

    def require_openid(body: dict, field: str = "touser") -> str:
        openid = body.get(field)
        if not isinstance(openid, str) or not openid:
            fail(40003, "invalid openid")
        return openid

    # --- credentials -------------------------------------------------------------------------

    @app.get("/cgi-bin/token")
    def token():
        if flask.request.args.get("grant_type") != "client_credential":
            fail(40002, "invalid grant_type")
        appid = check_app_credentials(flask.request.args)
        return {"access_token": store.issue_token(appid), "expires_in": TOKEN_TTL}

    @app.get("/sns/jscode2session")
    def jscode2session():
        # No access_token here, as in WeChat (wechatpy sends one anyway; it is ignored).
        check_app_credentials(flask.request.args)
        if flask.request.args.get("grant_type") != "authorization_code":
            fail(40002, "invalid grant_type")
        code = flask.request.args.get("js_code", "")
        if not DEV_CODE.fullmatch(code):
            fail(40029, "invalid code")
        return {"openid": code, "session_key": base64.b64encode(secrets.token_bytes(16)).decode(),
                "unionid": f"union-{code}"}

    # --- mini-program ------------------------------------------------------------------------

    inspection |= emulator_subscribe.install(app, store, require_token, subscribe_templates, pages)

    @app.post("/wxa/getwxacodeunlimit")
    def wxacode_unlimited():
        require_token()
        body = _json_body()
        scene, page = body.get("scene"), body.get("page") or ""
        if not isinstance(scene, str) or not SCENE_CHARS.fullmatch(scene):
            fail(40169, "invalid length for scene, or the data is not json string")
        # WeChat wants a bare page path: no leading slash, parameters go in the scene.
        if not isinstance(page, str) or page.startswith("/") or "?" in page:
            fail(41030, "invalid page")
        width = min(max(_int_field(body, "width", 430), 280), 1280)
        return _png_qrcode(f"scene={scene}&page={page}", width)

    @app.post("/wxa/msg_sec_check")
    def msg_sec_check():
        require_token()
        body = _json_body()
        content = body.get("content")
        if not isinstance(content, str):
            fail(47001, "data format error")
        word = _banned_word(content)
        if body.get("version") != 2:
            if word:
                fail(87014, "risky content")
            return OK
        # v2 always answers errcode 0 and puts the verdict in `result`.
        require_openid(body, "openid")
        label = BANNED_WORDS[word] if word else 100
        suggest = "risky" if word else "pass"
        detail = {"strategy": "keyword", "errcode": 0, "suggest": suggest, "label": label}
        if word:
            detail["keyword"] = word
        return {**OK, "result": {"suggest": suggest, "label": label}, "detail": [detail],
                "trace_id": secrets.token_hex(12)}

    @app.post("/wxa/getuserriskrank")
    def user_risk_rank():
        require_token()
        body = _json_body()
        openid = require_openid(body, "openid")
        if body.get("scene") not in (0, 1) or not body.get("client_ip"):
            fail(47001, "data format error")
        rank = 4 if openid.startswith("dev-risky") else 0
        # "unoin_id" is WeChat's own spelling in this answer.
        return {**OK, "risk_rank": rank, "unoin_id": store.next_id("riskrank")}

    # --- official account --------------------------------------------------------------------

    # Template and customer-service messages, menus, parametric QR codes, followers: emulator_mp.py.
    emulator_mp.register(app, store, require_token=require_token, require_openid=require_openid,
                         inspection_endpoints=inspection)
    # The mass send and its rules (quota, clientmsgid, rate) live in their own module.
    emulator_mass.register(app, store, require_token, _json_body, _message_type_ok, fail)

    # --- inspection, for tests and the developer (not part of WeChat's API) -----------------

    @app.before_request
    def guard_inspection():
        if flask.request.endpoint in inspection and not inspection_allowed(flask.request.environ):
            # WeChat's own answer for a caller outside the IP whitelist.
            raise WeChatError(40164, "invalid ip, not in whitelist: loopback or X-Dev-Access-Key only", 403)

    @app.get("/sent")
    def sent_list():
        kind, appid, to = (flask.request.args.get(name) for name in ("kind", "appid", "to"))
        messages = [m for m in store.sent()
                    if (kind is None or m["kind"] == kind) and (appid is None or m["appid"] == appid)
                    and (to is None or m["to"] == to)]
        return {"messages": messages}

    @app.delete("/sent")
    def sent_clear():
        store.clear_sent()
        return OK

    return app
