"""Organizers look after other accounts: one-time passwords, two-step resets, name and role, WeChat users."""
import re

import sqlalchemy as sa

from app.console.audit_sentences import label
from app.extensions import db
from app.models import AuditEntry, User
from app.redis_store import get_redis
from app.services.accounts.disabled import DISABLED_USERS_KEY
from tests.console.conftest import EXPERT, ORGANIZER, ConsoleClient


def reset_password_of(organizer_console, user) -> str:
    page = organizer_console.post(f"/console/accounts/{user.id}", {"action": "reset_password"}).get_data(as_text=True)
    return re.search(r'id="one-time-password">([^<]+)<', page).group(1)


def audit_of(user_id) -> list[AuditEntry]:
    return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.target_type == "user",
                                                          AuditEntry.target_id == str(user_id))
                              .order_by(AuditEntry.id)).all()


def test_a_one_time_password_opens_one_login_even_unused(organizer_console, app, accounts):
    expert = accounts["expert"]
    one_time = reset_password_of(organizer_console, expert)
    assert one_time not in str(organizer_console.client.get_cookie("gc_console").value)  # never in the cookie
    phone = ConsoleClient(app.test_client())
    first = phone.login(EXPERT, password=one_time)
    assert first.status_code == 302 and first.headers["Location"].endswith("/console/me/new-password")
    # Everything but the new-password page sends back there, htmx included; nothing can be changed.
    assert phone.get("/console/expert").headers["Location"].endswith("/console/me/new-password")
    assert phone.get("/console/me/security", headers={"HX-Request": "true"}).headers["HX-Redirect"].endswith(
        "/console/me/new-password")
    weak = phone.post("/console/me/new-password", {"new_password": "short", "confirm_password": "short"})
    assert weak.status_code == 400 and "密码至少 10 位" in weak.get_data(as_text=True)
    phone.post("/console/logout", token_from="/console/me/new-password")
    again = phone.login(EXPERT, password=one_time)
    assert again.status_code == 401  # spent by the first login, even without a new password
    db.session.expire_all()
    assert db.session.get(User, expert.id).must_change_password is True
    assert [e.action for e in audit_of(expert.id)][-2:] == ["account.password_reset", "console.login"]


def test_nobody_resets_their_own_password_or_removes_their_own_organizer_role(organizer_console, accounts):
    me = accounts["organizer"]
    password_hash = me.password_hash
    own = organizer_console.post(f"/console/accounts/{me.id}", {"action": "reset_password"})
    assert own.status_code == 409 and "安全设置" in own.get_data(as_text=True)
    demote = organizer_console.post(f"/console/accounts/{me.id}", {"action": "update", "display_name": "周主任",
                                                                   "role": "expert"})
    assert demote.status_code == 409 and "不能取消自己的组织者角色" in demote.get_data(as_text=True)
    disable = organizer_console.post(f"/console/accounts/{me.id}/status", {"disabled": "1"},
                                     token_from=f"/console/accounts/{me.id}")
    assert disable.status_code in (302, 409)
    db.session.expire_all()
    me = db.session.get(User, me.id)
    assert (me.roles, me.disabled_at, me.password_hash) == (["organizer"], None, password_hash)


def test_name_and_role_are_edited_and_audited(organizer_console, app, accounts):
    expert = accounts["expert"]
    bad = organizer_console.post(f"/console/accounts/{expert.id}", {"action": "update", "display_name": " ",
                                                                    "role": "admin"})
    assert bad.status_code == 400 and "请填写姓名" in bad.get_data(as_text=True)
    done = organizer_console.post(f"/console/accounts/{expert.id}", {"action": "update", "display_name": "孙建平",
                                                                     "role": "organizer"})
    assert done.status_code == 302
    entry = audit_of(expert.id)[-1]
    assert entry.action == "account.updated" and entry.data["before"] == {"name": EXPERT["name"], "roles": ["expert"]}
    assert entry.data["after"] == {"name": "孙建平", "roles": ["organizer"]}
    promoted = ConsoleClient(app.test_client())
    assert promoted.login(EXPERT).headers["Location"].endswith("/console/dashboard")


def test_a_two_step_reset_needs_a_two_step_setting_and_is_audited(organizer_console, accounts):
    expert = accounts["expert"]
    none = organizer_console.post(f"/console/accounts/{expert.id}", {"action": "reset_totp"})
    assert none.status_code == 409 and "没有启用两步验证" in none.get_data(as_text=True)
    expert.totp_secret, epoch = "gAAAA-encrypted", expert.session_epoch
    db.session.commit()
    assert organizer_console.post(f"/console/accounts/{expert.id}", {"action": "reset_totp"}).status_code == 302
    db.session.expire_all()
    expert = db.session.get(User, expert.id)
    assert expert.totp_secret is None and expert.session_epoch == epoch + 1
    assert audit_of(expert.id)[-1].action == "account.totp_reset"


def test_wechat_users_are_found_and_disabled_with_a_reason_through_the_redis_set(organizer_console, accounts, login):
    login("alice")
    alice = db.session.scalars(sa.select(User).where(User.openid == "dev-alice")).one()
    listing = organizer_console.get(f"/console/accounts/wechat?q={alice.id}").get_data(as_text=True)
    assert f'data-user="{alice.id}"' in listing and ORGANIZER["username"] not in listing.split("wechat-users")[1]
    path = f"/console/accounts/wechat/{alice.id}/status"
    silent = organizer_console.post(path, {"disabled": "1", "reason": " "}, token_from="/console/accounts/wechat")
    assert silent.status_code == 400 and "请说明停用原因" in silent.get_data(as_text=True)
    assert db.session.get(User, alice.id).disabled_at is None and not get_redis().sismember(DISABLED_USERS_KEY, alice.id)
    organizer_console.post(path, {"disabled": "1", "reason": "批量注册的小号"}, token_from="/console/accounts/wechat")
    db.session.expire_all()
    assert db.session.get(User, alice.id).disabled_at is not None and get_redis().sismember(DISABLED_USERS_KEY, alice.id)
    organizer_console.post(path, {"disabled": "0"}, token_from="/console/accounts/wechat")
    assert not get_redis().sismember(DISABLED_USERS_KEY, alice.id)
    assert [(e.action, e.reason) for e in audit_of(alice.id)][-2:] == [("account.disabled", "批量注册的小号"),
                                                                        ("account.enabled", None)]
    huge = organizer_console.get("/console/accounts/wechat?q=99999999999999999999")
    assert huge.status_code == 200 and "没有找到匹配的微信用户" in huge.get_data(as_text=True)
    # A console account is not a WeChat user here (its page is 账号).
    me = accounts["organizer"]
    assert organizer_console.post(f"/console/accounts/wechat/{me.id}/status", {"disabled": "1", "reason": "x"},
                                  token_from="/console/accounts/wechat").status_code == 404


def test_the_new_actions_read_in_chinese():
    for action in ("account.password_reset", "account.totp_reset", "account.updated", "endorsement.check",
                   "representative.invite", "representative.invitation_revoked"):
        assert re.search(r"[\u4e00-\u9fff]", label(action)) and "其他操作" not in label(action), action


def test_the_login_and_security_pages_speak_chinese(organizer_console):
    page = organizer_console.get("/console/me/security").get_data(as_text=True)
    assert "TOTP" not in page and "动态验证码" in page
