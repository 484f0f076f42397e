"""GET/POST /wechat/bot: the thin Flask adapter WeChat calls (DESIGN.md section 9).

verify (signature, timestamp) → decrypt (safe mode: msg_signature) → parse (defusedxml) →
de-duplicate → dispatch → render → encrypt. Anything not WeChat's, stale, unsafe or too large is
refused with a 4xx before any work; the handlers in bot/ never see Flask.
"""
from __future__ import annotations

import logging

import redis
from flask import Blueprint, Flask, Response, current_app, request

from bot import gateway, pipeline

log = logging.getLogger(__name__)
bp = Blueprint("bot", __name__)


def settings() -> gateway.Settings:
    cfg = current_app.config
    return gateway.Settings(appid=cfg["WECHAT_MP_APPID"], token=cfg["WECHAT_MP_TOKEN"], aes_key=cfg["WECHAT_MP_AES_KEY"],
                            mode=cfg["WECHAT_MP_MESSAGE_MODE"], max_age_seconds=cfg["WECHAT_MP_MAX_AGE_SECONDS"])


def _text(body: str, status: int = 200, content_type: str = "text/plain; charset=utf-8") -> Response:
    return Response(body, status=status, content_type=content_type, headers={"Cache-Control": "no-store"})


def _read_body() -> bytes:
    """At most MAX_BODY_BYTES, never more read from the socket; 413 beyond."""
    declared = request.content_length
    if declared is not None and declared > gateway.MAX_BODY_BYTES:
        raise gateway.Refused(413, "body too large")
    body = request.stream.read(gateway.MAX_BODY_BYTES + 1)
    if len(body) > gateway.MAX_BODY_BYTES:
        raise gateway.Refused(413, "body too large")
    return body


def _message(config: gateway.Settings) -> tuple[dict[str, str], bool]:
    """The message's fields, and whether it came encrypted (then the reply is encrypted too)."""
    args = request.args
    envelope = gateway.parse_xml(_read_body())
    encrypted = args.get("encrypt_type", "raw").lower() == "aes"
    if encrypted:
        if config.mode == "plaintext":
            raise gateway.Refused(400, "safe mode is not configured")
        plain = gateway.decrypt(config, envelope, args.get("msg_signature", ""), args["timestamp"], args["nonce"])
        return gateway.parse_xml(plain.encode("utf-8")), True
    if config.mode == "safe":
        raise gateway.Refused(400, "plaintext message while in safe mode")
    return envelope, False


@bp.route("/wechat/bot", methods=["GET", "POST"])
def callback():
    config = settings()
    args = request.args
    try:
        if not config.token:
            raise gateway.Refused(503, "WECHAT_MP_TOKEN is not configured")
        gateway.check_signature(config, args.get("signature", ""), args.get("timestamp", ""), args.get("nonce", ""))
        if request.method == "GET":
            return _text(args.get("echostr", ""))  # WeChat's check of the server address
        fields, encrypted = _message(config)
    except gateway.Refused as refused:
        log.warning("bot: refused %s %s: %s", request.method, request.path, refused.reason)
        return _text("", refused.status)
    if not fields.get("FromUserName") or not fields.get("MsgType"):
        return _text("", 400)
    try:
        reply = pipeline.handle(current_app._get_current_object(), config.appid, fields,
                                current_app.config["WECHAT_MP_REPLY_SECONDS"])
    except redis.RedisError:
        # Without Redis a retry could not be told from a new message: WeChat will try again.
        log.exception("bot: Redis unavailable, message not processed")
        return _text("", 503)
    xml = pipeline.render(reply, to=fields["FromUserName"], account=fields.get("ToUserName", ""))
    if xml is None:
        return _text("success")
    if encrypted:
        xml = gateway.encrypt(config, xml, args["nonce"])
    return _text(xml, content_type="application/xml; charset=utf-8")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
