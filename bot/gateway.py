"""WeChat's side of the callback, without Flask: signatures, replay window, safe XML, AES.

Every comparison is constant-time (hmac.compare_digest; wechatpy's own uses `!=`). XML is parsed by
defusedxml, which refuses a DOCTYPE, entities and external references before wechatpy (xmltodict)
ever sees the text.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from dataclasses import dataclass

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException
from wechatpy.crypto import PrpCrypto, WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException

MAX_BODY_BYTES = 64 * 1024


class Refused(Exception):
    """The request is not WeChat's, or not safe to process: answered with `status`, nothing done."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


@dataclass(frozen=True)
class Settings:
    appid: str
    token: str
    aes_key: str  # 43 characters, or "" when safe mode is not configured
    mode: str  # "plaintext", "compatible" or "safe"
    max_age_seconds: int


def sign(*parts: str) -> str:
    """WeChat's SHA-1 of the sorted parts (token, timestamp, nonce and, for msg_signature, Encrypt)."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def check_signature(settings: Settings, signature: str, timestamp: str, nonce: str, now: float | None = None) -> None:
    if not (signature and timestamp and nonce):
        raise Refused(400, "missing signature, timestamp or nonce")
    if not hmac.compare_digest(sign(settings.token, timestamp, nonce).encode(), signature.encode()):
        raise Refused(403, "bad signature")
    try:
        age = (now if now is not None else time.time()) - int(timestamp)
    except ValueError as exc:
        raise Refused(400, "bad timestamp") from exc
    if abs(age) > settings.max_age_seconds:
        raise Refused(403, "stale timestamp (replay)")


def parse_xml(text: bytes | str) -> dict[str, str]:
    """The flat <xml> document WeChat sends, as a dict; refuses DTDs, entities and malformed XML."""
    try:
        root = SafeTree.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, SafeTree.ParseError, ValueError) as exc:
        raise Refused(400, f"unsafe or malformed XML: {exc.__class__.__name__}") from exc
    if root.tag != "xml":
        raise Refused(400, "not a WeChat message")
    return {child.tag: (child.text or "") for child in root}


def _crypto(settings: Settings) -> WeChatCrypto:
    if not settings.aes_key:
        raise Refused(400, "safe mode is not configured (WECHAT_MP_AES_KEY)")
    return WeChatCrypto(settings.token, settings.aes_key, settings.appid)


def decrypt(settings: Settings, fields: dict[str, str], msg_signature: str, timestamp: str, nonce: str) -> str:
    """The plaintext XML inside an encrypted envelope, its msg_signature checked first."""
    encrypted = fields.get("Encrypt") or ""
    if not encrypted or not msg_signature:
        raise Refused(400, "missing Encrypt or msg_signature")
    expected = sign(settings.token, timestamp, nonce, encrypted)
    if not hmac.compare_digest(expected.encode(), msg_signature.encode()):
        raise Refused(403, "bad msg_signature")
    try:
        return PrpCrypto(_crypto(settings).key).decrypt(encrypted, settings.appid)
    except InvalidAppIdException as exc:
        raise Refused(403, "message for another appid") from exc
    except (ValueError, TypeError, IndexError, binascii.Error, UnicodeDecodeError) as exc:
        raise Refused(400, "undecryptable message") from exc


def encrypt(settings: Settings, reply_xml: str, nonce: str, timestamp: str | None = None) -> str:
    return _crypto(settings).encrypt_message(reply_xml, nonce, timestamp or str(int(time.time())))


def aes_key_ok(aes_key: str) -> bool:
    try:
        return len(aes_key) == 43 and len(base64.b64decode(aes_key + "=")) == 32
    except (binascii.Error, ValueError):
        return False
