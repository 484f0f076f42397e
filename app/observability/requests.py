"""One log line and the request metrics per request, and the request id echoed in X-Request-ID.

A WSGI middleware around the whole stack, so the like path and the cached public reads (answered
before Flask, app/api) are timed like every other request. The route is the URL rule
("/api/v1/nominees/<int:nomination_id>", never the raw path): Flask's teardown leaves it, and the
user id when the request had a logged-in caller, in the WSGI environ; a request Flask never saw
is matched against the URL map once. Nothing here reads the database or Redis.
"""
from __future__ import annotations

import functools
import logging
import time

import sqlalchemy as sa
from flask import Flask, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.wsgi import ClosingIterator

from app.observability import context, metrics

log = logging.getLogger("app.requests")

REQUEST_ID_KEY = "gangcheng.request_id"
ROUTE_KEY = "gangcheng.route"
USER_KEY = "gangcheng.user_id"  # the like path (app/api/like_endpoint.py) sets it too
UNMATCHED = "<unmatched>"  # a path no rule matches: one label, whatever was asked
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_USER_ATTRS = ("current_user", "current_user_id", "console_user")


def _identity(value) -> int | None:
    if value is None or isinstance(value, int):
        return value
    try:
        identity = sa.inspect(value).identity  # the primary key without loading an expired row
    except sa.exc.NoInspectionAvailable:
        return None
    return identity[0] if identity else None


def forget_previous_user() -> None:
    # A request inside an app context pushed before it (tests, scripts) shares `g` with the one before.
    for name in _USER_ATTRS:
        g.pop(name, None)


def leave_route_and_user(_exc=None) -> None:
    environ = request.environ
    environ[ROUTE_KEY] = request.url_rule.rule if request.url_rule is not None else UNMATCHED
    for name in _USER_ATTRS:
        user_id = _identity(g.get(name))
        if user_id is not None:
            environ[USER_KEY] = user_id
            break


class RequestObserver:
    """WSGI middleware: request id in and out, then one log line and the metrics once the body is sent."""

    def __init__(self, app: Flask, next_app):
        self.url_map = app.url_map
        self.next_app = next_app
        # Requests Flask never sees (cached public reads) repeat a few paths: match each once.
        self.match = functools.lru_cache(maxsize=4096)(self._match)

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        request_id = context.accept_or_make(environ.get("HTTP_X_REQUEST_ID"))
        environ[REQUEST_ID_KEY] = request_id
        answered = ["500"]

        def start(status, headers, exc_info=None):
            answered[0] = status[:3]
            headers.append(("X-Request-ID", request_id))
            return start_response(status, headers, exc_info)

        token = context.request_id.set(request_id)
        try:
            body = self.next_app(environ, start)
        except BaseException:
            self.finish(environ, "500", started)
            raise
        finally:
            context.request_id.reset(token)
        return ClosingIterator(body, lambda: self.finish(environ, answered[0], started))

    def route(self, environ) -> str:
        route = environ.get(ROUTE_KEY)
        if route is not None:
            return route
        return self.match(environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET"))

    def _match(self, path: str, method: str) -> str:
        try:
            rule, _ = self.url_map.bind("localhost").match(path, method, return_rule=True)
        except HTTPException:
            return UNMATCHED
        return rule.rule

    def finish(self, environ, status: str, started: float) -> None:
        seconds = time.perf_counter() - started
        method = environ.get("REQUEST_METHOD", "")
        method = method if method in METHODS else "OTHER"
        route = self.route(environ)
        metrics.request_answered(route, method, status, seconds)
        duration_ms = round(seconds * 1000, 1)
        log.info("%s %s %s %.1fms", method, route, status, duration_ms,
                 extra={"request_id": environ[REQUEST_ID_KEY], "user_id": environ.get(USER_KEY), "route": route,
                        "method": method, "status": int(status), "duration_ms": duration_ms})


def init_app(app: Flask) -> None:
    app.before_request(forget_previous_user)
    app.teardown_request(leave_route_and_user)


def install(app: Flask) -> None:
    app.wsgi_app = RequestObserver(app, app.wsgi_app)
