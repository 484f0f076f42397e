"""What every part of the WeChat emulator shares: its Redis state, WeChat's error answer, the JSON body.

app/wechat/emulator.py builds the emulator app; app/wechat/emulator_subscribe.py adds subscribe messages.
"""
from __future__ import annotations

import io
import json
import os
import re
import secrets
import time
from typing import Any, NoReturn

import flask
import qrcode
import qrcode.image.pil
import redis

KEY_PREFIX = "wxemu:"
TOKEN_TTL = 7200  # seconds, as WeChat's access_token
# How many sent messages the log keeps (a broadcast of 10,000 must be checkable); EMULATOR_SENT_KEEP overrides.
SENT_KEEP = int(os.environ.get("EMULATOR_SENT_KEEP", "50000"))
DEV_CODE = re.compile(r"dev-[A-Za-z0-9_-]{1,48}")


class WeChatError(Exception):
    """Raised by handlers; answered as WeChat does, HTTP 200 with errcode/errmsg."""

    def __init__(self, errcode: int, errmsg: str, status: int = 200):
        super().__init__(errcode, errmsg)
        self.errcode, self.errmsg, self.status = errcode, errmsg, status


def fail(errcode: int, errmsg: str) -> NoReturn:
    raise WeChatError(errcode, errmsg)


OK = {"errcode": 0, "errmsg": "ok"}


class _Store:
    """The emulator's Redis state; every key starts with `wxemu:`."""

    def __init__(self, client: redis.Redis, sent_keep: int | None = None):
        self.r = client
        self.sent_keep = sent_keep or SENT_KEEP

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
        pipe.ltrim(f"{KEY_PREFIX}sent", -self.sent_keep, -1)
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


def _json_body() -> dict:
    # wechatpy posts UTF-8 JSON bytes, not always with a JSON content type, so parse it here.
    raw = flask.request.get_data()
    if not raw.strip():
        fail(44002, "empty post data")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        fail(47001, "data format error")
    if not isinstance(body, dict):
        fail(47001, "data format error")
    return body


def _png_qrcode(text: str, width: int) -> flask.Response:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2,
                         image_factory=qrcode.image.pil.PilImage)
    code.add_data(text)
    code.make(fit=True)
    # Pick the box size so the picture comes out close to the width the caller asked for.
    code.box_size = max(1, width // (code.modules_count + 2 * code.border))
    buffer = io.BytesIO()
    code.make_image().get_image().save(buffer, format="PNG")
    return flask.Response(buffer.getvalue(), mimetype="image/png")


def _int_field(body: dict, name: str, default: int) -> int:
    value = body.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        fail(47001, f"data format error: {name}")


def _message_type_ok(body: dict) -> bool:
    # A message names its type and carries a member of that name, e.g. msgtype "text" + "text".
    msgtype = body.get("msgtype")
    return isinstance(msgtype, str) and isinstance(body.get(msgtype), dict)
