"""A local stand-in for the WeChat HTTP API endpoints the product calls.

wechatpy talks real HTTP to it in development and tests (its WeChat URLs are rewritten to this
app's root). Answers follow WeChat's shape: errors are `{"errcode", "errmsg"}` with HTTP 200.
All state lives in Redis under `wxemu:` so every process serving the emulator sees the same
tokens, sent messages and QR tickets.
"""
from __future__ import annotations

import base64
import hmac
import json
import re
import secrets
import time
from typing import Any, Callable

import flask
import redis
from werkzeug.exceptions import MethodNotAllowed, NotFound

from app.wechat import dev_access, emulator_mass, emulator_mp
from app.wechat.emulator_kit import OK, WeChatError, _int_field, _json_body, _message_type_ok, _png_qrcode, fail

KEY_PREFIX = "wxemu:"
TOKEN_TTL = 7200  # seconds, as WeChat's access_token
SENT_KEEP = 1000  # a long development run should not grow the sent list without bound
DEV_CODE = re.compile(r"dev-[A-Za-z0-9_-]{1,48}")
# Characters WeChat documents as allowed in a wxacode scene (anything else must be encoded).
SCENE_CHARS = re.compile(r"[A-Za-z0-9!#$&'()*+,/:;=?@._~-]{1,32}")
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


class _Store:
    """The emulator's Redis state; every key starts with `wxemu:`."""

    def __init__(self, client: redis.Redis):
        self.r = client

    def issue_token(self, appid: str) -> str:
        token = secrets.token_urlsafe(96)
        # Older tokens stay valid until their own TTL (WeChat keeps the previous one for 5 min).
        self.r.set(f"{KEY_PREFIX}token:{token}", appid, ex=TOKEN_TTL)
        return token

    def token_appid(self, token: str) -> str | None:
        appid = self.r.get(f"{KEY_PREFIX}token:{token}")
        return appid.decode() if appid is not None else None

    def next_id(self, name: str) -> int:
        return int(self.r.incr(f"{KEY_PREFIX}seq:{name}"))

    def record(self, kind: str, appid: str, to: Any, body: dict) -> int:
        entry_id = self.next_id("sent")
        # "at" is Unix time in seconds, like WeChat's own CreateTime fields.
        entry = {"id": entry_id, "kind": kind, "appid": appid, "to": to, "body": body,
                 "at": round(time.time(), 3)}
        pipe = self.r.pipeline()
        pipe.rpush(f"{KEY_PREFIX}sent", json.dumps(entry, ensure_ascii=False).encode())
        pipe.ltrim(f"{KEY_PREFIX}sent", -SENT_KEEP, -1)
        pipe.execute()
        return entry_id

    def sent(self) -> list[dict]:
        return [json.loads(raw) for raw in self.r.lrange(f"{KEY_PREFIX}sent", 0, -1)]

    def clear_sent(self) -> None:
        self.r.delete(f"{KEY_PREFIX}sent")

    def put_json(self, key: str, value: Any, ttl: int | None = None) -> None:
        self.r.set(KEY_PREFIX + key, json.dumps(value, ensure_ascii=False).encode(), ex=ttl)

    def get_json(self, key: str) -> Any:
        raw = self.r.get(KEY_PREFIX + key)
        return json.loads(raw) if raw is not None else None


def _banned_word(text: str) -> str | None:
    return next((word for word in BANNED_WORDS if word in text), None)


def create_emulator_app(redis_client: redis.Redis, apps: dict[str, str],
                        inspection_allowed: Callable[[dict], bool] | None = None) -> flask.Flask:
    """A Flask app answering like api.weixin.qq.com (and mp.weixin.qq.com under /mp/).

    Its inspection endpoints (/sent) answer only when `inspection_allowed(environ)`; by default
    loopback callers (app/wechat/dev_access.py).
    """
    inspection_allowed = inspection_allowed or (lambda environ: dev_access.environ_allowed(environ, None))
    app = flask.Flask(__name__)
    app.json.ensure_ascii = False  # WeChat answers UTF-8, not \u escapes
    app.json.sort_keys = False
    store = _Store(redis_client)
    known_apps = dict(apps)

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

    @app.post("/cgi-bin/message/subscribe/send")
    def subscribe_send():
        appid = require_token()
        body = _json_body()
        touser = require_openid(body)
        if not body.get("template_id"):
            fail(40037, "invalid template_id")
        if body.get("miniprogram_state", "formal") not in ("developer", "trial", "formal"):
            fail(47003, "argument invalid! miniprogram_state")
        if touser.startswith("dev-refuse"):
            fail(43101, "user refuse to accept the msg")
        store.record("subscribe", appid, touser, body)
        return OK

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

    # The mass send and its rules (quota, clientmsgid, rate) live in their own module.
    emulator_mass.register(app, store, require_token, _json_body, _message_type_ok, fail)

    # Template and customer-service messages, menus, parametric QR codes, followers: emulator_mp.py.
    emulator_mp.register(app, store, require_token=require_token, require_openid=require_openid,
                         inspection_endpoints=INSPECTION_ENDPOINTS)

    # --- inspection, for tests and the developer (not part of WeChat's API) -----------------

    @app.before_request
    def guard_inspection():
        if flask.request.endpoint in INSPECTION_ENDPOINTS and not inspection_allowed(flask.request.environ):
            # WeChat's own answer for a caller outside the IP whitelist.
            raise WeChatError(40164, "invalid ip, not in whitelist: loopback or X-Dev-Access-Key only", 403)

    @app.get("/sent")
    def sent_list():
        kind, appid = flask.request.args.get("kind"), flask.request.args.get("appid")
        messages = [m for m in store.sent()
                    if (kind is None or m["kind"] == kind) and (appid is None or m["appid"] == appid)]
        return {"messages": messages}

    @app.delete("/sent")
    def sent_clear():
        store.clear_sent()
        return OK

    return app
