"""The request id of the work in progress: set for a request by the middleware, for a job by the worker."""
from __future__ import annotations

import contextvars
import os
import re

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# An incoming X-Request-ID is kept only when it is short and plain (it is written into every log line as it
# is), and holds no run of 11 digits (a mobile number is never logged).
_ACCEPTED = re.compile(r"(?!.*\d{11})[A-Za-z0-9._:-]{1,64}")


def current_request_id() -> str | None:
    return request_id.get()


def accept_or_make(incoming: str | None) -> str:
    """The caller's X-Request-ID when acceptable (a proxy's, to follow one request across hosts), else a new one."""
    if incoming and _ACCEPTED.fullmatch(incoming):
        return incoming
    return os.urandom(16).hex()  # 32 hex digits, as random as a uuid4 and cheaper to make
