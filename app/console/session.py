"""Who is logged in to the console, CSRF on every form, the permission gate, security headers, errors."""
from __future__ import annotations

import functools
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError

from app.console.blueprint import bp
from app.extensions import csrf, db
from app.models import ROLE_LABELS
from app.models.base import as_utc
from app.services.accounts import console_auth, permissions
from app.services.errors import DomainError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def client_ip() -> str:
    # ProxyFix (TRUSTED_PROXIES) has already put the client's address here when proxies are trusted.
    return request.remote_addr or "-"


def current_user():
    return g.get("console_user")


def log_in(user) -> None:
    console_auth.end_session(session.get("sid"))  # a new login never keeps the session it replaces
    session.clear()
    session.permanent = True
    session["uid"], session["epoch"] = user.id, user.session_epoch
    session["sid"] = console_auth.start_session(user)


def log_out() -> None:
    console_auth.end_session(session.get("sid"))
    session.clear()


def requires(permission: str):
    """The one gate of every console view: logged in, and allowed by services.permissions."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                if request.headers.get("HX-Request"):  # htmx follows this header with a full page load
                    return "", 401, {"HX-Redirect": url_for("console.login")}
                return redirect(url_for("console.login", next=request.full_path.rstrip("?")))
            permissions.require(user, permission)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def form_errors(exc: DomainError) -> dict:
    return (exc.details or {}).get("fields", {})


def page_arg() -> int:
    try:
        return max(1, int(request.args.get("page", 1)))
    except ValueError:
        abort(400)


@bp.before_request
def load_user_and_check_csrf():
    # A request inside an already pushed app context (tests, scripts) shares `g` with the one before:
    # forget its cached CSRF token so that this request's token is the one in this session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    if request.method not in SAFE_METHODS:
        csrf.protect()
    g.console_user = None
    uid = session.get("uid")
    if uid is not None:
        g.console_user = console_auth.session_user(uid, session.get("epoch"), session.get("sid"))
        if g.console_user is None:
            session.clear()


@bp.after_request
def security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if not request.path.startswith("/console/static/"):
        response.headers["Cache-Control"] = "no-store"  # pages carry personal data
    return response


@bp.app_context_processor
def console_globals():
    user = g.get("console_user")
    return {"console_user": user, "can": lambda name: permissions.can(user, name), "ROLE_LABELS": ROLE_LABELS}


@bp.app_template_filter("campaign_time")
def campaign_time(value, seconds: bool = False, short: bool = False) -> str:
    """A stored UTC time as people in the campaign's city read it (`short`: month and day, for narrow columns)."""
    if "campaign_tz" not in g:
        from app.services.campaigns import stages

        g.campaign_tz = ZoneInfo(stages.current_campaign().timezone)
    pattern = "%m-%d %H:%M" if short else ("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    return as_utc(value).astimezone(g.campaign_tz).strftime(pattern)


@bp.errorhandler(CSRFError)
def csrf_refused(_exc):
    db.session.rollback()
    return render_template("console/error.html", title="请求已失效",
                           message="表单缺少或带有失效的安全令牌（CSRF），请返回并刷新页面后重新提交。"), 400


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError):
    db.session.rollback()
    if request.headers.get("HX-Request"):
        return render_template("console/_error_inline.html", message=exc.message), exc.status
    if exc.status in (403, 404):
        title = "没有权限" if exc.status == 403 else "未找到"
        return render_template("console/error.html", title=title, message=exc.message), exc.status
    if request.method not in SAFE_METHODS and request.referrer:
        flash(exc.message, "error")
        return redirect(request.referrer)
    return render_template("console/error.html", title="操作未完成", message=exc.message), exc.status
