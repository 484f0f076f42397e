"""The public reads (campaign and its totals, nominee lists, nominee pages, leaderboard), served from the shared cache.

A small WSGI layer in front of Flask, like the like endpoint (api/like_endpoint.py): a GET of one of
these paths whose answer is cached is answered from Redis in one round trip, without Flask, the
database or any serialisation. Anything else — a miss, a rebuild due, bad arguments, another
method — goes on to Flask, whose views (api/campaigns.py, api/nominees.py, api/likes.py) document the
operations and rebuild the answer through `respond`, which stores it for the next callers.

Both paths answer the same bytes with the same headers: an ETag, `Cache-Control: public, max-age=5`
(`no-store` when the request carries an Authorization header, as every API answer to a logged-in
caller), and 304 for a matching If-None-Match. The cached answers are public views only, the same for
everyone (services/public_cache).
"""
from __future__ import annotations

import json
import logging
import re
from typing import Callable

import redis
from flask import Flask, Response, request
from marshmallow import Schema

from app.models import Campaign
from app.services import public_cache

log = logging.getLogger(__name__)

PATHS = re.compile(r"/api/v1/(?:campaigns/current|campaigns/current/totals|nominees|nominees/\d{1,10}|leaderboard|results)")
MAX_AGE_SECONDS = 5
PUBLIC = f"public, max-age={MAX_AGE_SECONDS}"
NOT_MODIFIED = {"description": "未修改（If-None-Match 与 ETag 相同）"}


def encode(schema: Schema, data) -> bytes:
    return json.dumps(schema.dump(data), ensure_ascii=False, separators=(",", ":")).encode()


def _not_modified(if_none_match: str | None, etag: str) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


def headers(answer: public_cache.Answer, authorized: bool, *, with_length: bool) -> list[tuple[str, str]]:
    found = [("Content-Type", "application/json"), ("ETag", answer.etag),
             ("Cache-Control", "no-store" if authorized else PUBLIC)]
    return found + ([("Content-Length", str(len(answer.body)))] if with_length else [])


def respond(build: Callable[[Campaign], public_cache.Built]) -> Response:
    """In a Flask view: the cached answer of this request (rebuilt by `build` when due), or a 304."""
    key = public_cache.entry_key(request.path, request.query_string.decode("latin-1"))
    answer = public_cache.fetch(key, build)
    authorized = bool(request.headers.get("Authorization"))
    if _not_modified(request.headers.get("If-None-Match"), answer.etag):
        return Response(status=304, headers=headers(answer, authorized, with_length=False)[1:])
    return Response(answer.body, status=200, headers=headers(answer, authorized, with_length=False))


class PublicReads:
    """WSGI middleware: answers cached public reads itself, passes everything else to `next_app`."""

    def __init__(self, app: Flask, next_app):
        self.reader = public_cache.Reader(app.extensions["redis"])
        self.next_app = next_app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ["REQUEST_METHOD"] != "GET" or PATHS.fullmatch(path) is None:
            return self.next_app(environ, start_response)
        try:
            answer = self.reader.peek(public_cache.entry_key(path, environ.get("QUERY_STRING", "")))
        except redis.RedisError:
            log.warning("public cache unavailable; answering through Flask", exc_info=True)
            answer = None
        if answer is None:
            return self.next_app(environ, start_response)
        authorized = bool(environ.get("HTTP_AUTHORIZATION"))
        if _not_modified(environ.get("HTTP_IF_NONE_MATCH"), answer.etag):
            start_response("304 Not Modified", headers(answer, authorized, with_length=False)[1:])
            return [b""]
        start_response("200 OK", headers(answer, authorized, with_length=True))
        return [answer.body]


def install(app: Flask) -> None:
    app.wsgi_app = PublicReads(app, app.wsgi_app)
