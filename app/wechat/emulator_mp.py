"""The emulator's official-account endpoints: followers (with unionids), template and
customer-service messages with WeChat's rules, the menu, parametric QR codes.

Rules enforced, so that tests mean something (DESIGN.md sections 8 and 9):
- template messages only to followers (43004); since May 2023 `first`, `remark` and colours are
  dropped, and a keyword value longer than 20 characters or with a line break is refused (47003);
  one message per openid and `client_msg_id` (a repeat answers the first msgid, sends nothing);
- customer-service messages only within 48 hours of the follower's last interaction and while they
  follow (45015), at most CUSTOM_PER_TRIGGER per interaction (45047);
- `cgi-bin/user/info` answers the unionid of a follower, `subscribe: 0` after they left.

Inspection endpoints (not WeChat's, loopback or the development key only) add followers and record
their interactions, as WeChat itself would see them: POST /followers, POST /followers/<openid>/interactions.
"""
from __future__ import annotations

import secrets
import time
from typing import Callable

import flask

from app.wechat.emulator_base import OK, WeChatError, _int_field, _json_body, _message_type_ok, _png_qrcode, fail

QR_TEMP_MAX_SECONDS = 30 * 24 * 3600
CUSTOM_WINDOW_SECONDS = 48 * 3600
CUSTOM_PER_TRIGGER = 5
TEMPLATE_VALUE_MAX = 20
CLIENT_MSG_ID_TTL = 600  # WeChat de-duplicates client_msg_id for 10 minutes
DROPPED_FIELDS = ("first", "remark")


def register(app: flask.Flask, store, *, require_token: Callable[[], str], require_openid: Callable[..., str],
             inspection_endpoints: set[str]) -> None:
    inspection_endpoints.update({"followers_add", "followers_interaction"})

    def follower(appid: str, openid: str) -> dict | None:
        return store.get_json(f"follower:{appid}:{openid}")

    def save(appid: str, record: dict) -> None:
        store.put_json(f"follower:{appid}:{record['openid']}", record)

    # --- followers ---------------------------------------------------------------------------

    @app.get("/cgi-bin/user/info")
    def user_info():
        appid = require_token()
        openid = flask.request.args.get("openid", "")
        record = follower(appid, openid) if openid else None
        if record is None:
            fail(40003, "invalid openid")
        if not record["subscribe"]:
            return {"subscribe": 0, "openid": openid}
        answer = {"subscribe": 1, "openid": openid, "language": "zh_CN",
                  "subscribe_time": record["subscribe_time"], "subscribe_scene": "ADD_SCENE_QR_CODE"}
        if record.get("unionid"):
            answer["unionid"] = record["unionid"]
        return answer

    @app.post("/followers")
    def followers_add():
        body = _json_body()
        if not body.get("appid") or not body.get("openid"):
            fail(47001, "data format error: appid and openid")
        record = follower(body["appid"], body["openid"]) or {"openid": body["openid"], "subscribe_time": int(time.time())}
        record.update(unionid=body.get("unionid") or record.get("unionid"), subscribe=bool(body.get("subscribe", True)))
        record.setdefault("last_interaction", None)
        record.setdefault("custom_sent", 0)
        save(body["appid"], record)
        return {**OK, "follower": record}

    @app.post("/followers/<openid>/interactions")
    def followers_interaction(openid):
        body = _json_body()
        record = follower(body.get("appid", ""), openid)
        if record is None:
            fail(40003, "invalid openid")
        record["last_interaction"] = float(body.get("at") or time.time())
        record["custom_sent"] = 0  # each interaction opens a new allowance
        save(body["appid"], record)
        return {**OK, "follower": record}

    # --- messages ----------------------------------------------------------------------------

    @app.post("/cgi-bin/message/template/send")
    def template_send():
        appid = require_token()
        body = _json_body()
        touser = require_openid(body)
        if not body.get("template_id"):
            fail(40037, "invalid template_id")
        record = follower(appid, touser)
        if record is None or not record["subscribe"]:
            fail(43004, "require subscribe")
        data = body.get("data")
        if not isinstance(data, dict):
            fail(47001, "data format error")
        shown = {}
        for name, item in data.items():
            if name in DROPPED_FIELDS:
                continue
            value = item.get("value") if isinstance(item, dict) else None
            if not isinstance(value, str) or len(value) > TEMPLATE_VALUE_MAX or "\n" in value or "\r" in value:
                fail(47003, f"argument invalid! data.{name}.value")
            shown[name] = {"value": value}  # colours are dropped too
        client_msg_id = body.get("client_msg_id")
        if client_msg_id:
            earlier = store.get_json(f"clientmsg:{appid}:{touser}:{client_msg_id}")
            if earlier is not None:
                return {**OK, "msgid": earlier}
        msgid = store.next_id("msgid")
        if client_msg_id:
            store.put_json(f"clientmsg:{appid}:{touser}:{client_msg_id}", msgid, CLIENT_MSG_ID_TTL)
        store.record("template", appid, touser, {**body, "data": shown})
        return {**OK, "msgid": msgid}

    @app.post("/cgi-bin/message/custom/send")
    def custom_send():
        appid = require_token()
        body = _json_body()
        touser = require_openid(body)
        if not _message_type_ok(body):
            fail(40008, "invalid message type")
        articles = body.get("news", {}).get("articles") if body.get("msgtype") == "news" else None
        if articles is not None and (not isinstance(articles, list) or len(articles) != 1):
            fail(45008, "article size out of limit")
        record = follower(appid, touser)
        last = record and record.get("last_interaction")
        if not record or not record["subscribe"] or last is None or time.time() - last > CUSTOM_WINDOW_SECONDS:
            fail(45015, "response out of time limit or subscription is canceled")
        if record["custom_sent"] >= CUSTOM_PER_TRIGGER:
            fail(45047, "out of response count limit")
        record["custom_sent"] += 1
        save(appid, record)
        store.record("custom", appid, touser, body)
        return OK

    # --- menu --------------------------------------------------------------------------------

    @app.post("/cgi-bin/menu/create")
    def menu_create():
        appid = require_token()
        body = _json_body()
        buttons = body.get("button")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
            fail(40016, "invalid button size")
        for button in buttons:
            subs = button.get("sub_button") if isinstance(button, dict) else None
            if subs is not None and (not isinstance(subs, list) or len(subs) > 5):
                fail(40017, "invalid sub button size")
        store.put_json(f"menu:{appid}", body)
        store.record("menu", appid, None, body)
        return OK

    @app.get("/cgi-bin/menu/get")
    def menu_get():
        menu = store.get_json(f"menu:{require_token()}")
        if menu is None:
            fail(46003, "menu no exist")
        return {"menu": menu}

    # --- parametric QR codes -----------------------------------------------------------------

    @app.post("/cgi-bin/qrcode/create")
    def qrcode_create():
        appid = require_token()
        body = _json_body()
        action = body.get("action_name")
        info = body.get("action_info")
        scene = info.get("scene") if isinstance(info, dict) else None
        scene = scene if isinstance(scene, dict) else {}
        if action in ("QR_SCENE", "QR_LIMIT_SCENE"):
            value = scene.get("scene_id")
            top = 2**32 - 1 if action == "QR_SCENE" else 100000
            valid = type(value) is int and 0 < value <= top  # a bool is not an id
        elif action in ("QR_STR_SCENE", "QR_LIMIT_STR_SCENE"):
            value = scene.get("scene_str")
            valid = isinstance(value, str) and 1 <= len(value) <= 64
        else:
            valid = False
        if not valid:
            fail(40053, "invalid action info")
        ticket = secrets.token_urlsafe(40)
        answer = {"ticket": ticket}
        ttl = None
        if action in ("QR_SCENE", "QR_STR_SCENE"):  # temporary: 60 s unless told, at most 30 days
            ttl = min(max(_int_field(body, "expire_seconds", 60), 1), QR_TEMP_MAX_SECONDS)
            answer["expire_seconds"] = ttl
        answer["url"] = f"http://weixin.qq.com/q/{ticket[:22]}"
        store.put_json(f"qrcode:{ticket}", {"appid": appid, "action_name": action,
                                             "scene": value, "url": answer["url"]}, ttl)
        return answer

    @app.get("/mp/cgi-bin/showqrcode")
    def qrcode_show():
        ticket = store.get_json(f"qrcode:{flask.request.args.get('ticket', '')}")
        if ticket is None:
            raise WeChatError(40066, "invalid ticket", status=404)
        return _png_qrcode(ticket["url"], 430)
