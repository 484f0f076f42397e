"""Logging of the app's processes: one format, libraries' start-up chatter silenced, secrets kept out.

Access logs (gunicorn's in app/gunicorn_conf.py, werkzeug's development server here) print request
lines, and wechatpy's calls to the emulator carry the app secret, access tokens and login codes in
their query strings; `redact` blanks such values before a line is written, always.
"""
from __future__ import annotations

import logging
import re

# A query parameter whose value grants something: app secrets, access tokens, login codes, signatures,
# QR tickets, passwords. Matched by name (a name ending in one of these words, e.g. js_code, access_token).
_SECRET_PARAM = re.compile(
    r"(?i)([?&;](?:[a-z0-9_.-]*[_.-])?(?:secret|appsecret|token|code|key|password|passwd|signature|sig|ticket"
    r"|session_key|scene)=)[^&;#\s\"]*")
# Tokens that travel in the path of our own API (endorsement QR codes, representative invitations).
_SECRET_PATH = re.compile(r"(/api/v1/(?:endorsements|representative-invitations)/)[^/?#\s\"]+")
REDACTED = "[REDACTED]"

# Loggers that print INFO lines on every start of every command (alembic's plugin registry).
QUIET_LOGGERS = ("alembic.runtime.plugins",)


def redact(text: str) -> str:
    """`text` (a request line, URL or query string) with secret values replaced by [REDACTED]."""
    if not text:
        return text
    text = _SECRET_PARAM.sub(r"\1" + REDACTED, text)
    return _SECRET_PATH.sub(r"\1" + REDACTED, text)


def redact_query(query: str) -> str:
    """A bare query string (no "?") with secret values replaced."""
    return redact("?" + query)[1:] if query else query


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with `redact` (werkzeug logs the request line as an argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


def configure() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    werkzeug = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactingFilter) for f in werkzeug.filters):
        werkzeug.addFilter(RedactingFilter())
