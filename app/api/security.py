"""Bearer-token authentication for the mini-program API."""
from __future__ import annotations

import functools

from flask import g, request

from app.extensions import api
from app.models import User
from app.services.accounts import auth
from app.services.errors import DomainError

BEARER_SECURITY = [{"bearerAuth": []}]


def register_security_scheme() -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})


def current_user() -> User:
    return g.current_user


def bearer_token(authorization: str) -> str:
    """The token of an `Authorization: Bearer …` header value; a missing or other scheme means not logged in."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError("unauthorized", "请先登录", 401)
    return token.strip()


def _bearer_token() -> str:
    return bearer_token(request.headers.get("Authorization", ""))


def optional_user() -> User | None:
    """The caller when a bearer token is sent (it must then be valid), else None."""
    if not request.headers.get("Authorization", ""):
        return None
    return auth.user_from_token(_bearer_token())


def login_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.current_user = auth.user_from_token(_bearer_token())
        return view(*args, **kwargs)

    return wrapper


def current_user_id() -> int:
    return g.current_user_id


def token_required(view):
    """Like login_required, but only checks the signed token: for hot paths that need no user row.

    Safe because tokens are signed with SECRET_KEY, expire, and user accounts are never deleted;
    a disabled account is refused through the Redis set of disabled users.
    """
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        g.current_user_id = auth.enabled_user_id_from_token(_bearer_token())
        return view(*args, **kwargs)

    return wrapper


def no_store_for_callers(response):
    """An answer to a logged-in caller may carry personal data: no browser, proxy or CDN may keep it."""
    if request.path.startswith("/api/") and request.headers.get("Authorization"):
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response
