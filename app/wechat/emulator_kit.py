"""What the emulator's modules share: WeChat's error answer, request parsing, QR pictures."""
from __future__ import annotations

import io
import json
from typing import NoReturn

import flask
import qrcode
import qrcode.image.pil


class WeChatError(Exception):
    """Raised by handlers; answered as WeChat does, HTTP 200 with errcode/errmsg."""

    def __init__(self, errcode: int, errmsg: str, status: int = 200):
        super().__init__(errcode, errmsg)
        self.errcode, self.errmsg, self.status = errcode, errmsg, status


def fail(errcode: int, errmsg: str) -> NoReturn:
    raise WeChatError(errcode, errmsg)


OK = {"errcode": 0, "errmsg": "ok"}


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


