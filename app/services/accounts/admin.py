"""Organizers look after other accounts: a password reset (a one-time password), a two-step verification
reset, name and role; and they find and disable WeChat users. Every change is audited."""
from __future__ import annotations

import secrets

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import ROLE_LABELS, ROLES, Membership, User
from app.services import audit
from app.services.accounts import console_auth
from app.services.errors import DomainError, not_found

# No 0/O, 1/I/L: the one-time password is read out on the phone and typed by hand.
OTP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
OTP_GROUPS, OTP_GROUP_LENGTH = 3, 4
NAME_MAX = 64
REASON_MAX = 200
WECHAT_PER_PAGE = 20


def console_account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.username:
        raise not_found("账号")
    return user


def _not_self(user: User, actor: User, message: str) -> None:
    if user.id == actor.id:
        raise DomainError("not_on_own_account", message, 409)


def new_one_time_password() -> str:
    while True:  # at least one letter and one digit, as every password must have
        groups = ["".join(secrets.choice(OTP_ALPHABET) for _ in range(OTP_GROUP_LENGTH)) for _ in range(OTP_GROUPS)]
        password = "-".join(groups)
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def reset_password(user: User, *, actor: User) -> str:
    """A random one-time password (answered once, never stored in clear): it opens one login, which
    can do nothing but choose a new password. The account's open sessions end."""
    _not_self(user, actor, "不能重置自己的密码，请在“安全设置”中修改")
    password = new_one_time_password()
    user.password_hash = generate_password_hash(password)
    user.must_change_password = True
    user.session_epoch += 1
    audit.record("account.password_reset", "user", user.id, actor=actor, data={"username": user.username})
    db.session.commit()
    return password


def set_first_password(user: User, new: str) -> None:
    """The new password of an account whose password was reset (it proved the one-time one at login)."""
    if not user.must_change_password:
        raise DomainError("password_change_not_required", "请在“安全设置”中修改密码", 409)
    console_auth.check_password_rules(new)
    user.password_hash = generate_password_hash(new)
    user.must_change_password = False
    user.session_epoch += 1
    audit.record("account.password_changed", "user", user.id, actor=user, data={"after_reset": True})
    db.session.commit()


def reset_totp(user: User, *, actor: User) -> None:
    """Clears the two-step verification of someone who lost their phone; they log in with the password alone."""
    _not_self(user, actor, "不能重置自己的两步验证，请在“安全设置”中关闭")
    if not user.totp_secret:
        raise DomainError("totp_not_enabled", "该账号没有启用两步验证", 409)
    user.totp_secret = None
    user.session_epoch += 1
    audit.record("account.totp_reset", "user", user.id, actor=actor, data={"username": user.username})
    db.session.commit()


def update_account(user: User, display_name: str | None, role: str | None, *, actor: User) -> None:
    """Name and role (organizer or expert); an organizer never removes their own organizer role."""
    name = (display_name or "").strip()
    fields = {}
    if not 1 <= len(name) <= NAME_MAX:
        fields["display_name"] = f"请填写姓名（{NAME_MAX}个字以内）"
    if role not in ROLES:
        fields["role"] = "角色只能是组织者或评议专家"
    if fields:
        raise DomainError("invalid_account", "账号信息有误", 400, details={"fields": fields})
    if user.id == actor.id and role != "organizer":
        raise DomainError("cannot_demote_self", "不能取消自己的组织者角色，请由其他组织者操作", 409,
                          details={"fields": {"role": "不能取消自己的组织者角色"}})
    before = {"name": user.nickname, "roles": list(user.roles or [])}
    after = {"name": name, "roles": [role]}
    if before == after:
        return
    user.nickname, user.roles = name, [role]
    audit.record("account.updated", "user", user.id, actor=actor,
                 data={"username": user.username, "before": before, "after": after})
    db.session.commit()


# --- WeChat users --------------------------------------------------------------------------------

def wechat_users(q: str | None = None, page: int = 1, per_page: int = WECHAT_PER_PAGE) -> tuple[list[User], int]:
    """Users of the mini-program (not console accounts), newest first; `q` is a nickname part or an id."""
    conditions = [User.openid.is_not(None), User.username.is_(None)]
    term = (q or "").strip()[:64]
    if term:
        by_name = User.nickname.contains(term, autoescape=True)
        # An id past the INTEGER column (PostgreSQL would refuse the comparison) is only a name part.
        as_id = int(term) if term.isascii() and term.isdigit() and int(term) <= 2**31 - 1 else None
        conditions.append(sa.or_(by_name, User.id == as_id) if as_id is not None else by_name)
    total = db.session.scalar(sa.select(sa.func.count(User.id)).where(*conditions))
    rows = list(db.session.scalars(sa.select(User).where(*conditions).order_by(User.id.desc())
                                   .offset((max(1, page) - 1) * per_page).limit(per_page)))
    return rows, total


def role_labels(user: User) -> list[str]:
    """Granted roles and the organizations the user currently represents."""
    labels = [ROLE_LABELS.get(role, role) for role in user.roles or []]
    represented = db.session.scalars(sa.select(Membership).where(
        Membership.user_id == user.id, Membership.verified.is_(True), Membership.revoked_at.is_(None)))
    labels += [f"{m.organization.name}代表" for m in represented]
    return labels


def wechat_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.openid is None or user.username:
        raise not_found("微信用户")
    return user


def set_wechat_user_disabled(user: User, disabled: bool, *, actor: User, reason: str | None) -> None:
    """Through console_auth.set_disabled, which also keeps the Redis set the like path reads."""
    reason = (reason or "").strip()
    if disabled and not reason:
        raise DomainError("validation_error", "请说明停用原因", 400, details={"fields": {"reason": "请说明停用原因"}})
    if len(reason) > REASON_MAX:
        raise DomainError("validation_error", f"原因不能超过{REASON_MAX}个字", 400,
                          details={"fields": {"reason": f"不能超过{REASON_MAX}个字"}})
    console_auth.set_disabled(user, disabled, actor=actor, reason=reason or None)
