"""Bearer-token authentication for the mini-program API."""
from __future__ import annotations

import functools

from flask import g, request

from app.extensions import api
from app.models import User
from app.services import auth
from app.services.errors import DomainError

BEARER_SECURITY = [{"bearerAuth": []}]


def register_security_scheme() -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})


def current_user() -> User:
    return g.current_user


def optional_user() -> User | None:
    """The caller when a bearer token is sent (it must then be valid), else None."""
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise DomainError("unauthorized", "请先登录", 401)
    return auth.user_from_token(token.strip())


def login_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise DomainError("unauthorized", "请先登录", 401)
        g.current_user = auth.user_from_token(token.strip())
        return view(*args, **kwargs)

    return wrapper
