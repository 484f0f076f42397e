"""WeChat login and our own signed, expiring bearer tokens."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import jwt
import requests
import sqlalchemy as sa
from flask import current_app
from wechatpy.exceptions import WeChatClientException

from app.extensions import db
from app.models import Membership, User
from app.models.base import utcnow
from app.services.accounts import disabled
from app.services.errors import DomainError
from app.wechat import dev_access, get_wechat

TOKEN_ALGORITHM = "HS256"
TOKEN_AUDIENCE = "gangcheng-miniprogram"
# WeChat's answers for a login code that is wrong, used or expired.
INVALID_CODE_ERRCODES = {40029, 40163, 40226}


def login_with_code(code: str, *, client_ip: str | None = None,
                    dev_access_key: str | None = None) -> tuple[User, str]:
    """Exchange a wx.login code for our user and token; the session_key stays on the server.

    With the emulator, a demo code (`dev-…`, any account, the demo organizer's too) logs in only a
    caller on this machine or one presenting DEV_ACCESS_KEY (app/wechat/dev_access.py).
    """
    config = current_app.config
    if (config["WECHAT_EMULATOR"] and code.startswith("dev-")
            and not dev_access.allowed(client_ip, dev_access_key, config["DEV_ACCESS_KEY"])):
        raise DomainError("dev_login_forbidden", "演示账号只能在本机登录（或携带开发访问密钥）", 403)
    try:
        session = get_wechat().mini.wxa.code_to_session(code)
    except WeChatClientException as exc:
        if exc.errcode in INVALID_CODE_ERRCODES:
            raise DomainError("invalid_code", "登录凭证无效或已过期，请重新登录", 401) from exc
        raise DomainError("wechat_unavailable", "微信服务暂时不可用，请稍后再试", 503) from exc
    except requests.RequestException as exc:
        raise DomainError("wechat_unavailable", "微信服务暂时不可用，请稍后再试", 503) from exc

    openid = session["openid"]
    user = db.session.scalars(sa.select(User).where(User.openid == openid)).first()
    if user is not None and user.disabled_at is not None:
        raise disabled.refusal()
    if user is None and session.get("unionid"):
        # The same person already wrote to the official account's bot (services/followers): one user, one quota.
        user = db.session.scalars(sa.select(User).where(User.unionid == session["unionid"], User.openid.is_(None))
                                  .order_by(User.id)).first()
        if user is not None and user.disabled_at is not None:
            raise disabled.refusal()
        if user is not None:
            user.openid = openid
    if user is None:
        user = User(openid=openid, roles=[])
        db.session.add(user)
    user.unionid = session.get("unionid") or user.unionid
    user.wechat_session_key = session.get("session_key")
    user.last_login_at = utcnow()
    db.session.commit()
    return user, issue_token(user)


def issue_token(user: User, ttl_seconds: int | None = None) -> str:
    now = datetime.now(timezone.utc)
    ttl = ttl_seconds if ttl_seconds is not None else current_app.config["TOKEN_TTL_SECONDS"]
    claims = {"sub": str(user.id), "aud": TOKEN_AUDIENCE, "iat": now, "exp": now + timedelta(seconds=ttl)}
    return jwt.encode(claims, current_app.config["SECRET_KEY"], algorithm=TOKEN_ALGORITHM)


@lru_cache(maxsize=65536)
def _verified_claims(token: str, secret: str) -> tuple[int, float]:
    """(user id, expiry) of a token whose signature checks out; cached, since checking costs more than a like."""
    claims = jwt.decode(token, secret, algorithms=[TOKEN_ALGORITHM], audience=TOKEN_AUDIENCE,
                        options={"require": ["exp", "sub", "aud"]})
    return int(claims["sub"]), float(claims["exp"])


def user_id_from_token(token: str) -> int:
    """The user id a valid token was issued to, checked by signature and expiry only (no database)."""
    try:
        user_id, expires_at = _verified_claims(token, current_app.config["SECRET_KEY"])
    except jwt.ExpiredSignatureError as exc:
        raise DomainError("token_expired", "登录已过期，请重新登录", 401) from exc
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise DomainError("token_invalid", "登录凭证无效，请重新登录", 401) from exc
    if time.time() >= expires_at:  # a cached token still expires on time
        raise DomainError("token_expired", "登录已过期，请重新登录", 401)
    return user_id


def enabled_user_id_from_token(token: str) -> int:
    """user_id_from_token, refusing a disabled account (one Redis SISMEMBER, still no database)."""
    user_id = user_id_from_token(token)
    disabled.require_enabled(user_id)
    return user_id


def user_from_token(token: str) -> User:
    user = db.session.get(User, user_id_from_token(token))
    if user is None:
        raise DomainError("token_invalid", "登录凭证无效，请重新登录", 401)
    if user.disabled_at is not None:  # a token issued before the account was disabled opens nothing
        raise disabled.refusal()
    return user


def roles_of(user: User) -> list[str]:
    """Granted roles plus "representative" while the user represents an organization."""
    roles = set(user.roles or [])
    represented = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.user_id == user.id, Membership.verified.is_(True), Membership.revoked_at.is_(None))
    )
    if represented:
        roles.add("representative")
    return sorted(roles)
