"""Console accounts of organizers and experts: creation, password login, optional TOTP, disabling."""
from __future__ import annotations

import base64
import hashlib
import re
import secrets

import pyotp
import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import ROLES, User
from app.models.base import utcnow
from app.redis_store import get_redis
from app.services import audit
from app.services.accounts import disabled as disabled_accounts
from app.services.accounts import login_throttle
from app.services.errors import DomainError

USERNAME_PATTERN = re.compile(r"^[a-z0-9_.-]{3,40}$")
PASSWORD_MIN_LENGTH = 10
TOTP_ISSUER = "港城工匠管理后台"
# Checked against when the username is unknown, so a wrong name costs as much time as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()


def check_password_rules(password: str) -> None:
    if len(password or "") < PASSWORD_MIN_LENGTH:
        raise DomainError("weak_password", f"密码至少 {PASSWORD_MIN_LENGTH} 位", 400,
                          details={"fields": {"password": f"密码至少 {PASSWORD_MIN_LENGTH} 位"}})
    if password.isdigit() or password.isalpha():
        raise DomainError("weak_password", "密码须同时包含字母和数字（或符号）", 400,
                          details={"fields": {"password": "密码须同时包含字母和数字（或符号）"}})


def create_account(username: str, password: str, role: str, display_name: str | None = None, *,
                   actor: User | None = None, actor_label: str | None = None) -> User:
    """A new organizer or expert account; the caller commits."""
    username = normalize_username(username)
    fields = {}
    if not USERNAME_PATTERN.match(username):
        fields["username"] = "用户名为 3–40 位小写字母、数字或 _ . -"
    if role not in ROLES:
        fields["role"] = "角色只能是组织者或评议专家"
    if fields:
        raise DomainError("invalid_account", "账号信息有误", 400, details={"fields": fields})
    check_password_rules(password)
    if db.session.scalar(sa.select(User.id).where(User.username == username)) is not None:
        raise DomainError("username_taken", f"用户名 {username} 已被使用", 409,
                          details={"fields": {"username": "该用户名已被使用"}})
    user = User(username=username, password_hash=generate_password_hash(password), roles=[role],
                nickname=(display_name or "").strip()[:64] or None, session_epoch=0)
    db.session.add(user)
    db.session.flush()
    audit.record("account.created", "user", user.id, actor=actor, actor_label=actor_label,
                 data={"username": username, "role": role})
    return user


def authenticate(username: str, password: str, ip: str) -> User:
    """The account for these credentials, or a refusal; tries are counted before they are checked."""
    username = normalize_username(username)
    reservation = login_throttle.reserve(username, ip)
    user = db.session.scalars(sa.select(User).where(User.username == username)).first()
    valid = check_password_hash(user.password_hash if user and user.password_hash else _DUMMY_HASH, password or "")
    if not (user and valid):
        locked = login_throttle.failed(reservation, account_exists=user is not None)
        if locked:  # the try that used up the limit already answers with the wait
            raise locked
        raise DomainError("invalid_credentials", "用户名或密码错误", 401)
    login_throttle.release(reservation)
    if user.disabled_at is not None:
        raise DomainError("account_disabled", "该账号已停用，请联系管理员", 403)
    return user


def complete_login(user: User, ip: str) -> int:
    """Record the login; answers how many wrong passwords or codes were tried since the last one."""
    failures = login_throttle.succeeded(user.username, ip)
    user.last_login_at = utcnow()
    if user.must_change_password:
        # A one-time password opens one login: spent now, so someone who saw it cannot use it after.
        user.password_hash = generate_password_hash(secrets.token_urlsafe(32))
    audit.record("console.login", "user", user.id, actor=user,
                 data={"ip": ip, "failed_attempts_since_last_login": failures})
    db.session.commit()
    return failures


# --- TOTP --------------------------------------------------------------------------------------

def _fernet() -> Fernet:
    digest = hashlib.sha256(("totp:" + current_app.config["SECRET_KEY"]).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def _code_matches(user: User, secret: str, code: str) -> bool:
    """A valid code, used once: a replayed code within its window is refused."""
    code = re.sub(r"\s", "", code or "")
    totp = pyotp.TOTP(secret)
    if not (code.isdigit() and totp.verify(code, valid_window=1)):
        return False
    # Remember the code until it cannot be valid any more (three 30-second steps).
    return bool(get_redis().set(f"console:totp-used:{user.id}:{code}", 1, nx=True, ex=120))


def enable_totp(user: User, secret: str, code: str) -> None:
    if "organizer" not in (user.roles or []):
        raise DomainError("totp_not_available", "仅组织者账号可启用两步验证", 403)
    if not _code_matches(user, secret, code):
        raise DomainError("invalid_totp", "验证码不正确，请核对手机上的验证器", 400,
                          details={"fields": {"code": "验证码不正确"}})
    user.totp_secret = _fernet().encrypt(secret.encode()).decode()
    audit.record("account.totp_enabled", "user", user.id, actor=user)
    db.session.commit()


def verify_totp(user: User, code: str, ip: str) -> None:
    reservation = login_throttle.reserve(user.username, ip)
    try:
        secret = _fernet().decrypt(user.totp_secret.encode()).decode()
    except (InvalidToken, AttributeError) as exc:
        login_throttle.release(reservation)
        raise DomainError("totp_unreadable", "两步验证密钥无法读取，请联系管理员重置", 500) from exc
    if not _code_matches(user, secret, code):
        locked = login_throttle.failed(reservation, account_exists=True)
        if locked:
            raise locked
        raise DomainError("invalid_totp", "验证码不正确", 401)
    login_throttle.release(reservation)


def disable_totp(user: User, *, actor: User) -> None:
    user.totp_secret = None
    user.session_epoch += 1
    audit.record("account.totp_disabled", "user", user.id, actor=actor)
    db.session.commit()


# --- account administration --------------------------------------------------------------------

def list_accounts() -> list[User]:
    return list(db.session.scalars(sa.select(User).where(User.username.is_not(None)).order_by(User.id)))


def set_disabled(user: User, disabled: bool, *, actor: User, reason: str | None = None) -> None:
    if user.id == actor.id and disabled:
        raise DomainError("cannot_disable_self", "不能停用自己的账号", 409)
    if disabled == (user.disabled_at is not None):
        return
    user.disabled_at = utcnow() if disabled else None
    user.session_epoch += 1  # ends the account's open sessions
    audit.record("account.disabled" if disabled else "account.enabled", "user", user.id, actor=actor,
                 reason=reason, data={"username": user.username, "name": user.nickname})
    # The token-only paths (likes) read a Redis set: added before the commit, removed after it, so a
    # failure in between leaves the account refused rather than allowed.
    if disabled:
        disabled_accounts.mark(user.id, True)
    db.session.commit()
    if not disabled:
        disabled_accounts.mark(user.id, False)


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash or _DUMMY_HASH, current or ""):
        raise DomainError("invalid_credentials", "当前密码不正确", 400,
                          details={"fields": {"current_password": "当前密码不正确"}})
    check_password_rules(new)
    user.password_hash = generate_password_hash(new)
    user.must_change_password = False
    user.session_epoch += 1
    audit.record("account.password_changed", "user", user.id, actor=user)
    db.session.commit()


# --- sessions: each console login is a row in Redis, so logging out ends it on the server ------------

def _session_key(session_id: str) -> str:
    return f"console:session:{session_id}"


def start_session(user: User) -> str:
    """A new session id for `user`, valid for CONSOLE_SESSION_HOURS unless ended before."""
    session_id = secrets.token_urlsafe(32)
    get_redis().set(_session_key(session_id), user.id, ex=current_app.permanent_session_lifetime)
    return session_id


def end_session(session_id) -> None:
    if isinstance(session_id, str) and session_id:
        get_redis().delete(_session_key(session_id))


def session_user(user_id, epoch, session_id) -> User | None:
    """The user a console session belongs to, while the session is still valid.

    The cookie alone proves nothing once its session ended: logout deletes the session's row, and
    disabling the account or changing its password bumps its epoch.
    """
    if not (isinstance(user_id, int) and isinstance(session_id, str) and session_id):
        return None
    if get_redis().get(_session_key(session_id)) != str(user_id).encode():
        return None
    user = db.session.get(User, user_id)
    if user is None or user.disabled_at is not None or user.session_epoch != epoch or not user.password_hash:
        return None
    return user
