"""Console accounts: create-user, login and logout, throttling, CSRF, roles, disabling, TOTP, cookies."""
import pyotp
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, User
from tests.console.conftest import EXPERT, ORGANIZER, csrf_token


def test_create_user_takes_the_password_from_the_environment_and_hashes_it(runner, seeded, monkeypatch):
    monkeypatch.setenv("CONSOLE_PASSWORD", "chuangjian-2019!")
    result = runner.invoke(args=["create-user", "--username", "Li.Ming", "--role", "expert", "--name", "李明"])
    assert result.exit_code == 0, result.output
    user = db.session.scalars(sa.select(User).where(User.username == "li.ming")).one()
    assert user.roles == ["expert"] and user.nickname == "李明"
    assert "chuangjian-2019!" not in user.password_hash and user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert db.session.scalar(sa.select(AuditEntry.actor_label).where(AuditEntry.action == "account.created")) == "cli"


def test_create_user_prompts_for_the_password_and_refuses_weak_ones(runner, seeded, monkeypatch):
    monkeypatch.delenv("CONSOLE_PASSWORD", raising=False)
    weak = runner.invoke(args=["create-user", "--username", "wang", "--role", "organizer"], input="short\nshort\n")
    assert weak.exit_code != 0 and "密码至少 10 位" in weak.output
    ok = runner.invoke(args=["create-user", "--username", "wang", "--role", "organizer"],
                       input="tishi-mima-88\ntishi-mima-88\n")
    assert ok.exit_code == 0, ok.output
    again = runner.invoke(args=["create-user", "--username", "wang", "--role", "organizer"],
                          input="tishi-mima-88\ntishi-mima-88\n")
    assert again.exit_code != 0 and "已被使用" in again.output
    assert db.session.scalar(sa.select(sa.func.count(User.id)).where(User.username == "wang")) == 1


def test_login_lands_on_the_dashboard_and_logout_ends_the_session(console):
    response = console.login()
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/dashboard")
    assert console.get("/console/dashboard").status_code == 200
    assert console.post("/console/logout", token_from="/console/dashboard").status_code == 302
    after = console.get("/console/dashboard")
    assert after.status_code == 302 and "/console/login" in after.headers["Location"]


def test_logout_ends_the_session_on_the_server_for_every_copy_of_the_cookie(console, app):
    console.login()
    copied = console.client.get_cookie("gc_console").value  # e.g. taken from the browser before logout
    thief = app.test_client()
    thief.set_cookie("gc_console", copied)
    assert thief.get("/console/dashboard").status_code == 200
    console.post("/console/logout", token_from="/console/dashboard")
    after = thief.get("/console/dashboard")
    assert after.status_code == 302 and "/console/login" in after.headers["Location"]
    console.login()  # a new login is a new session; the old cookie stays dead
    assert console.get("/console/dashboard").status_code == 200
    thief.set_cookie("gc_console", copied)
    assert thief.get("/console/dashboard").status_code == 302


def test_wrong_password_is_refused_in_chinese(console):
    response = console.login(password="not-the-password")
    assert response.status_code == 401 and "用户名或密码错误" in response.get_data(as_text=True)
    assert console.get("/console/dashboard").status_code == 302


def test_five_wrong_passwords_lock_the_account_on_this_address_even_for_the_right_one(console):
    statuses = [console.login(password=f"wrong-{i}").status_code for i in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    right = console.login()
    body = right.get_data(as_text=True)
    assert right.status_code == 429 and "请 15 分钟后再试" in body
    assert int(right.headers["Retry-After"]) > 800
    assert console.get("/console/dashboard").status_code == 302


def test_an_attacker_cannot_lock_the_organizer_out_and_the_organizer_is_told(console, app):
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    for i in range(7):
        page = attacker.get("/console/login").get_data(as_text=True)
        attacker.post("/console/login", data={"csrf_token": csrf_token(page), "username": ORGANIZER["username"],
                                              "password": f"guess-{i}"})
    page = attacker.get("/console/login").get_data(as_text=True)
    locked = attacker.post("/console/login", data={"csrf_token": csrf_token(page), "username": ORGANIZER["username"],
                                                   "password": ORGANIZER["password"]})
    assert locked.status_code == 429  # the guesser's own address is locked, even with the right password
    console.client.environ_base["REMOTE_ADDR"] = "10.20.30.40"  # the organizer's office
    response = console.login()
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/dashboard")
    body = console.get("/console/dashboard").get_data(as_text=True)
    assert "尝试登录失败 5 次" in body  # five were checked; the refused tries after the lock never were
    console.post("/console/logout", token_from="/console/dashboard")
    console.login()
    assert "尝试登录失败" not in console.get("/console/dashboard").get_data(as_text=True)  # told once


def test_failures_are_also_counted_per_address(console, app):
    app.config["CONSOLE_LOGIN_MAX_FAILURES_PER_IP"] = 3
    try:
        for i in range(3):
            console.login({"username": f"nobody{i}"}, password="x-1234567890")
        refused = console.login()  # another account, same address
        assert refused.status_code == 429 and "分钟后再试" in refused.get_data(as_text=True)
    finally:
        app.config["CONSOLE_LOGIN_MAX_FAILURES_PER_IP"] = 20


def test_a_success_clears_the_accounts_failures(console):
    for i in range(4):
        console.login(password=f"wrong-{i}")
    assert console.login().status_code == 302
    console.post("/console/logout", token_from="/console/dashboard")
    for i in range(4):
        assert console.login(password=f"wrong-again-{i}").status_code == 401


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(organizer_console):
    before = db.session.scalar(sa.select(sa.func.count(User.id)))
    response = organizer_console.post("/console/accounts", {"username": "intruder", "password": "abcdefgh-123",
                                                             "role": "organizer"}, with_token=False)
    assert response.status_code == 400 and "安全令牌" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == before
    forged = organizer_console.client.post("/console/logout", data={"csrf_token": "forged"})
    assert forged.status_code == 400
    assert organizer_console.get("/console/dashboard").status_code == 200  # still logged in


def test_login_form_itself_needs_the_token(console):
    response = console.post("/console/login", {"username": ORGANIZER["username"], "password": ORGANIZER["password"]},
                            with_token=False)
    assert response.status_code == 400


def test_an_expert_cannot_reach_organizer_pages(console):
    assert console.login(EXPERT).headers["Location"].endswith("/console/expert")
    assert console.get("/console/expert").status_code == 200
    for path in ("/console/dashboard", "/console/campaign", "/console/organizations", "/console/nominations",
                 "/console/exports", "/console/audit", "/console/accounts"):
        response = console.get(path)
        assert response.status_code == 403, path
        assert "没有访问此页面的权限" in response.get_data(as_text=True)
    refused = console.post("/console/campaign/stage", {"stage": "promotion", "reason": "试图越权"},
                           token_from="/console/expert")
    assert refused.status_code == 403
    expert = db.session.scalars(sa.select(User).where(User.username == EXPERT["username"])).one()
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "campaign.stage_override", AuditEntry.actor_user_id == expert.id)) == 0


def test_organizers_create_accounts_and_disabling_ends_their_sessions(organizer_console, app):
    created = organizer_console.post("/console/accounts", {"username": "qian", "display_name": "钱专家",
                                                            "role": "expert", "password": "qian-mima-2019"})
    assert created.status_code == 302
    qian = db.session.scalars(sa.select(User).where(User.username == "qian")).one()
    other = app.test_client()
    page = other.get("/console/login").get_data(as_text=True)
    other.post("/console/login", data={"csrf_token": csrf_token(page), "username": "qian", "password": "qian-mima-2019"})
    assert other.get("/console/expert").status_code == 200
    organizer_console.post(f"/console/accounts/{qian.id}/status", {"disabled": "1"}, token_from="/console/accounts")
    assert other.get("/console/expert").status_code == 302  # the open session ended
    page = other.get("/console/login").get_data(as_text=True)
    again = other.post("/console/login", data={"csrf_token": csrf_token(page), "username": "qian",
                                                "password": "qian-mima-2019"})
    assert again.status_code == 403 and "已停用" in again.get_data(as_text=True)
    actions = db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_id == str(qian.id))).all()
    assert "account.created" in actions and "account.disabled" in actions


def test_a_bad_new_account_is_explained_field_by_field(organizer_console):
    response = organizer_console.post("/console/accounts", {"username": "A B", "role": "expert",
                                                             "password": "1234567890"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "用户名为 3–40 位" in body


def test_totp_for_an_organizer(organizer_console, app):
    page = organizer_console.get("/console/me/security").get_data(as_text=True)
    secret = page.split('id="totp-secret">')[1].split("<")[0]
    wrong = organizer_console.post("/console/me/security", {"action": "totp_enable", "code": "000000"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(secret).now()
    assert organizer_console.post("/console/me/security", {"action": "totp_enable", "code": code}).status_code == 302
    user = db.session.scalars(sa.select(User).where(User.username == ORGANIZER["username"])).one()
    db.session.refresh(user)
    assert user.totp_secret and secret not in user.totp_secret  # stored encrypted

    fresh = app.test_client()
    token = csrf_token(fresh.get("/console/login").get_data(as_text=True))
    step = fresh.post("/console/login", data={"csrf_token": token, "username": ORGANIZER["username"],
                                              "password": ORGANIZER["password"]})
    assert step.headers["Location"].endswith("/console/login/totp")
    assert fresh.get("/console/dashboard").status_code == 302  # not logged in before the code
    token = csrf_token(fresh.get("/console/login/totp").get_data(as_text=True))
    replay = fresh.post("/console/login/totp", data={"csrf_token": token, "code": code})
    assert replay.status_code == 401  # the code used to enable it cannot be used again
    import time

    next_code = pyotp.TOTP(secret).at(int(time.time()) + 30)
    done = fresh.post("/console/login/totp", data={"csrf_token": token, "code": next_code})
    assert done.status_code == 302 and done.headers["Location"].endswith("/console/dashboard")


def test_cookies_are_httponly_lax_and_secure_behind_https(app, console):
    response = console.login()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    from app.config import load_settings

    https = load_settings(app.instance_path, {"PUBLIC_BASE_URL": "https://gongjiang.example.cn", "SECRET_KEY": "k"})
    assert https["SESSION_COOKIE_SECURE"] is True


def test_login_never_redirects_off_site(console):
    page = console.get("/console/login?next=//evil.example/x").get_data(as_text=True)
    response = console.client.post("/console/login", data={"csrf_token": csrf_token(page), "next": "//evil.example/x",
                                                           "username": ORGANIZER["username"],
                                                           "password": ORGANIZER["password"]})
    assert response.headers["Location"].endswith("/console/dashboard")
    console.post("/console/logout", token_from="/console/dashboard")
    response = console.post("/console/login", {"username": ORGANIZER["username"], "password": ORGANIZER["password"],
                                               "next": "/console/audit"})
    assert response.headers["Location"].endswith("/console/audit")


def test_console_pages_send_security_headers(organizer_console):
    response = organizer_console.get("/console/dashboard")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store" and response.headers["X-Frame-Options"] == "DENY"
