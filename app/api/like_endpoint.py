"""POST /api/v1/nominees/{id}/like, served as a small WSGI layer in front of Flask.

Liking is the one request a whole city sends in bursts. Flask's request machinery (request
context, session, URL map, five response wrappers) cost more CPU than the like itself, which is
one Redis round trip (services/likes/liking.py). So this layer answers the like path before Flask sees
it, with the same services and the same JSON shapes; every other path goes on to Flask. The
operation is in the OpenAPI document through api/likes.py (`document_like`).
"""
from __future__ import annotations

import json
import logging
import re
from http import HTTPStatus

from flask import Flask

from app.api.errors import HTTP_CODES, error_body
from app.api.security import bearer_token
from app.observability.requests import ROUTE_KEY, USER_KEY
from app.services.accounts import auth
from app.services.errors import DomainError
from app.services.likes import liking as likes

log = logging.getLogger(__name__)

PATH = re.compile(r"/api/v1/nominees/(\d{1,18})/like")
RULE = "/api/v1/nominees/<int:nomination_id>/like"  # the route in logs and metrics (api/likes.py documents it)
STATUS_LINES = {status.value: f"{status.value} {status.phrase}" for status in HTTPStatus}


class LikeEndpoint:
    """WSGI middleware: answers the like path itself, passes everything else to `next_app`."""

    def __init__(self, app: Flask, next_app):
        self.app = app
        self.next_app = next_app

    def __call__(self, environ, start_response):
        matched = PATH.fullmatch(environ.get("PATH_INFO", ""))
        if matched is None:
            return self.next_app(environ, start_response)
        environ[ROUTE_KEY] = RULE
        if environ["REQUEST_METHOD"] != "POST":
            code, message = HTTP_CODES[405]
            return _answer(start_response, 405, error_body(code, message), [("Allow", "POST")])
        with self.app.app_context():
            try:
                user_id = auth.user_id_from_token(bearer_token(environ.get("HTTP_AUTHORIZATION", "")))
                environ[USER_KEY] = user_id  # for the request's log line (app/observability)
                result = likes.like(user_id, int(matched[1]), environ.get("REMOTE_ADDR") or "unknown",
                                    idempotency_key=environ.get("HTTP_IDEMPOTENCY_KEY"))
            except DomainError as exc:
                headers = [] if exc.retry_after is None else [("Retry-After", str(int(exc.retry_after)))]
                return _answer(start_response, exc.status, error_body(exc.code, exc.message, exc.details), headers)
            except Exception:  # noqa: BLE001 - the caller gets the API's 500 answer, the log gets the traceback
                log.exception("unhandled error on POST %s", environ.get("PATH_INFO"))
                return _answer(start_response, 500, error_body("internal_error", HTTP_CODES[500][1]))
        body = b'{"likes":%d,"remaining_today":%d}' % (result.likes, result.remaining_today)
        return _answer(start_response, 200, body)


def _answer(start_response, status: int, body: dict | bytes, headers: list | None = None):
    if isinstance(body, dict):
        body = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    # An answer to one caller (their likes left today): never kept by a cache on the way.
    start_response(STATUS_LINES[status], [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
                                          ("Content-Length", str(len(body))), *(headers or [])])
    return [body]


def install(app: Flask) -> None:
    app.wsgi_app = LikeEndpoint(app, app.wsgi_app)
