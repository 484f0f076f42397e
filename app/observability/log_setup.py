"""Log records as one line each on stderr: JSON (production) or readable text (development), secrets out.

`SecretsFilter` sits on the handler, so it sees every record of every logger before it is written:
the message, each extra field and the traceback are cleaned of tokens, passwords, keys, Authorization
values, mobile numbers and the configured secrets themselves (SECRET_KEY, WeChat secrets, …).
"""
from __future__ import annotations

import logging
import re
import sys
from typing import IO

from pythonjsonlogger.json import JsonFormatter

from app import logs
from app.observability import context

REDACTED = logs.REDACTED
# Settings whose values are secrets: their literal values never appear in a line.
SECRET_SETTINGS = ("SECRET_KEY", "WECHAT_MINI_SECRET", "WECHAT_MP_SECRET", "WECHAT_MP_AES_KEY", "WECHAT_MP_TOKEN",
                   "METRICS_TOKEN", "DEV_ACCESS_KEY")
# An extra field with one of these in its name is blanked whatever its value.
_SECRET_NAME = re.compile(r"(?i)(token|passw|secret|authorization|cookie|session_key|api_?key|aes_?key|mobile|phone)")
_STRING_PATTERNS = (
    # "Authorization: Bearer …", "bearer=…"
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+"), r"\1 " + REDACTED),
    # JSON web tokens wherever they appear.
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
    # password=…, "token": "…", secret: … (a name, then = or :, then the value).
    (re.compile(r"""(?i)(["']?\b[a-z_]*(?:password|passwd|secret|token|authorization|mobile|phone)["']?\s*[=:]\s*)"""
                r"""(?:"[^"]*"|'[^']*'|[^\s,;&}]+)"""), r"\1" + REDACTED),
    # Mainland mobile numbers (with or without +86).
    (re.compile(r"(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d{9}(?![0-9A-Za-z])"), REDACTED),
)
# Loggers whose lines this package writes from fields it checked itself (route rules, statuses, ids, durations):
# one per request must stay cheap, so the filter leaves them as they are.
TRUSTED_LOGGERS = frozenset({"app.requests", "app.jobs"})
_STANDARD_ATTRS = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
_MARK = "_gangcheng_handler"


class SecretsFilter(logging.Filter):
    """Blanks secrets in a record's message, extra fields and traceback; adds the current request id."""

    def __init__(self, literals: tuple[str, ...] = ()):
        super().__init__()
        # Short values would blank ordinary words; settings checks make real ones long.
        self.literals = tuple(sorted({v for v in literals if v and len(v) >= 8}, key=len, reverse=True))

    def clean(self, text: str) -> str:
        for literal in self.literals:
            if literal in text:
                text = text.replace(literal, REDACTED)
        text = logs.redact(text)
        for pattern, replacement in _STRING_PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in TRUSTED_LOGGERS and not record.exc_info:
            return True
        message = record.getMessage()
        cleaned = self.clean(message)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        for name, value in list(record.__dict__.items()):
            if name in _STANDARD_ATTRS or name.startswith("_"):
                continue
            if _SECRET_NAME.search(name):
                setattr(record, name, REDACTED)
            elif isinstance(value, str):
                setattr(record, name, self.clean(value))
            elif isinstance(value, (dict, list, tuple)):
                setattr(record, name, self.clean(repr(value)))
        if record.exc_info:
            record.exc_text = self.clean(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        if getattr(record, "request_id", None) is None:
            request_id = context.current_request_id()
            if request_id is not None:
                record.request_id = request_id
        return True


class TextFormatter(logging.Formatter):
    """The development line, with the request id at the end when there is one."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = getattr(record, "request_id", None)
        return f"{line} [request {request_id}]" if request_id else line


def make_formatter(log_format: str) -> logging.Formatter:
    if log_format == "json":
        return JsonFormatter("%(levelname)s %(name)s %(message)s", timestamp="time",
                             rename_fields={"levelname": "level", "name": "logger"}, json_ensure_ascii=False)
    return TextFormatter()


def make_handler(config, stream: IO[str] | None = None) -> logging.Handler:
    """A handler writing `config["LOG_FORMAT"]` lines to `stream` (stderr), with the secrets filter."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(make_formatter(config.get("LOG_FORMAT", "text")))
    handler.addFilter(SecretsFilter(tuple(str(config.get(name) or "") for name in SECRET_SETTINGS)))
    return handler


def configure(config) -> None:
    """The root logger writes through one handler of ours (replaced when the app is created again)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _MARK, False):
            root.removeHandler(handler)
    handler = make_handler(config)
    setattr(handler, _MARK, True)
    root.addHandler(handler)
    root.setLevel(config.get("LOG_LEVEL", "INFO"))
    logs.configure()  # quiet libraries, werkzeug's request lines redacted (its basicConfig finds our handler)
