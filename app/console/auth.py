"""Logging in and out, the TOTP step, one's own security settings, and the new password after a reset."""
from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from flask import flash, g, redirect, render_template, request, session, url_for

from app.console.blueprint import bp
from app.console.session import client_ip, current_user, form_errors, log_in, log_out, requires
from app.extensions import db
from app.models import User
from app.services.accounts import admin, console_auth, permissions
from app.services.errors import DomainError


def _safe_next(target: str | None) -> str | None:
    # Only paths inside the console: never another host (no open redirect).
    if target and target.startswith("/console/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _tell_failures(failures: int) -> None:
    if failures:
        flash(f"自您上次登录以来，有人用您的账号尝试登录失败 {failures} 次（密码或验证码错误）。"
              "如非本人操作，请尽快修改密码并启用两步验证。", "error")


# What an account whose password was reset may reach before it chooses a new one.
UNTIL_NEW_PASSWORD = {"console.new_password", "console.logout", "console.login", "console.static"}


@bp.before_request
def new_password_first():
    """After a reset, the one-time password opens nothing but the page that replaces it."""
    user = g.get("console_user")
    if user is None or not user.must_change_password or request.endpoint in UNTIL_NEW_PASSWORD:
        return None
    if request.headers.get("HX-Request"):
        return "", 401, {"HX-Redirect": url_for("console.new_password")}
    return redirect(url_for("console.new_password"))


def _after_login(user):
    if user.must_change_password:
        return redirect(url_for("console.new_password"))
    target = _safe_next(session.pop("next", None))
    return redirect(target or url_for(permissions.home_endpoint(user)))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        if current_user() is not None:
            return redirect(url_for(permissions.home_endpoint(current_user())))
        return render_template("console/login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "")
    try:
        user = console_auth.authenticate(username, request.form.get("password", ""), client_ip())
    except DomainError as exc:
        db.session.rollback()
        status = exc.status if exc.status in (401, 403, 429) else 400
        headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else {}
        return render_template("console/login.html", error=exc.message, username=username,
                               next=request.form.get("next", "")), status, headers
    next_target = request.form.get("next")
    if user.totp_secret:
        log_out()  # whatever session this browser had ends before the second step
        session["totp_uid"], session["next"] = user.id, next_target
        return redirect(url_for("console.login_totp"))
    failures = console_auth.complete_login(user, client_ip())
    log_in(user)
    session["next"] = next_target
    _tell_failures(failures)
    return _after_login(user)


@bp.route("/login/totp", methods=["GET", "POST"])
def login_totp():
    uid = session.get("totp_uid")
    user = db.session.get(User, uid) if isinstance(uid, int) else None
    if user is None or not user.totp_secret or user.disabled_at is not None:
        # No second step pending: drop what is left of one, but keep a session that is logged in (a link
        # to this page must not log anyone out); the login page sends a logged-in user home.
        session.pop("totp_uid", None)
        return redirect(url_for("console.login"))
    if request.method == "GET":
        return render_template("console/login_totp.html")
    try:
        console_auth.verify_totp(user, request.form.get("code", ""), client_ip())
    except DomainError as exc:
        db.session.rollback()
        if exc.code == "login_throttled":
            session.clear()
        return render_template("console/login_totp.html", error=exc.message), exc.status
    next_target = session.get("next")
    failures = console_auth.complete_login(user, client_ip())
    log_in(user)
    session["next"] = next_target
    _tell_failures(failures)
    return _after_login(user)


@bp.post("/logout")
def logout():
    log_out()  # ends the session on the server: a copy of the cookie opens nothing any more
    flash("您已安全退出", "info")
    return redirect(url_for("console.login"))


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@bp.route("/me/security", methods=["GET", "POST"])
@requires("console.enter")
def security():
    user = current_user()
    errors, message = {}, None
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "password":
                console_auth.change_password(user, request.form.get("current_password", ""),
                                             request.form.get("new_password", ""))
                log_in(user)  # the password change ended other sessions, not this one
                flash("密码已修改，其他设备上的登录已失效", "info")
                return redirect(url_for("console.security"))
            if action == "totp_enable":
                console_auth.enable_totp(user, session.get("totp_setup", ""), request.form.get("code", ""))
                session.pop("totp_setup", None)
                flash("两步验证已启用，下次登录时需要输入验证码", "info")
                return redirect(url_for("console.security"))
            if action == "totp_disable":
                console_auth.disable_totp(user, actor=user)
                log_in(user)
                flash("两步验证已关闭", "info")
                return redirect(url_for("console.security"))
        except DomainError as exc:
            db.session.rollback()
            errors, message = form_errors(exc), exc.message
    setup = None
    if "organizer" in (user.roles or []) and not user.totp_secret:
        secret = session.get("totp_setup") or console_auth.new_totp_secret()
        session["totp_setup"] = secret
        uri = console_auth.provisioning_uri(user, secret)
        setup = {"secret": secret, "qr": _qr_data_uri(uri)}
    return render_template("console/security.html", setup=setup, errors=errors, message=message)


@bp.route("/me/new-password", methods=["GET", "POST"])
@requires("console.enter")
def new_password():
    user = current_user()
    if not user.must_change_password:
        return redirect(url_for("console.security"))
    errors, message = {}, None
    if request.method == "POST":
        try:
            if request.form.get("new_password", "") != request.form.get("confirm_password", ""):
                raise DomainError("validation_error", "两次输入的新密码不一致", 400,
                                  details={"fields": {"confirm_password": "两次输入的新密码不一致"}})
            admin.set_first_password(user, request.form.get("new_password", ""))
            log_in(user)  # the change ended the session opened with the one-time password; this one goes on
            flash("新密码已设置，请牢记。以后请用新密码登录", "info")
            return redirect(url_for(permissions.home_endpoint(user)))
        except DomainError as exc:
            db.session.rollback()
            errors, message = form_errors(exc), exc.message
    return render_template("console/new_password.html", errors=errors, message=message), (400 if message else 200)
