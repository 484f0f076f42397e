"""Console accounts: organizers create organizer and expert accounts, edit them, reset their password or
two-step verification and disable them; and they find and disable WeChat users."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app.console.blueprint import bp
from app.console.session import current_user, form_errors, page_arg, requires
from app.extensions import db
from app.models import ROLE_LABELS
from app.services.accounts import admin, console_auth
from app.services.errors import DomainError


@bp.route("/accounts", methods=["GET", "POST"])
@requires("accounts.manage")
def accounts():
    errors, message, values = {}, None, {}
    if request.method == "POST":
        values = {k: request.form.get(k, "") for k in ("username", "display_name", "role")}
        try:
            user = console_auth.create_account(values["username"], request.form.get("password", ""),
                                               values["role"], values["display_name"], actor=current_user())
            db.session.commit()
            flash(f"已创建{ROLE_LABELS[values['role']]}账号 {user.username}", "info")
            return redirect(url_for("console.accounts"))
        except DomainError as exc:
            db.session.rollback()
            errors, message = form_errors(exc), exc.message
    return render_template("console/accounts.html", accounts=console_auth.list_accounts(), errors=errors,
                           message=message, values=values), (400 if message else 200)


@bp.route("/accounts/<int:user_id>", methods=["GET", "POST"])
@requires("accounts.manage")
def account_detail(user_id: int):
    account = admin.console_account(user_id)
    errors, message, one_time_password, status = {}, None, None, 200
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "update":
                admin.update_account(account, request.form.get("display_name"), request.form.get("role"),
                                     actor=current_user())
                flash("账号信息已保存", "info")
                return redirect(url_for("console.account_detail", user_id=user_id))
            if action == "reset_totp":
                admin.reset_totp(account, actor=current_user())
                flash(f"已重置 {account.username} 的两步验证：对方下次只需用户名和密码登录，可在“安全设置”中重新启用", "info")
                return redirect(url_for("console.account_detail", user_id=user_id))
            if action == "reset_password":
                # Shown in this answer only: never in a flash message (the session cookie is readable).
                one_time_password = admin.reset_password(account, actor=current_user())
            else:
                raise DomainError("bad_request", "未知的操作", 400)
        except DomainError as exc:
            db.session.rollback()
            errors, message, status = form_errors(exc), exc.message, exc.status
            account = admin.console_account(user_id)
    return render_template("console/account.html", account=account, errors=errors, message=message,
                           one_time_password=one_time_password), status


@bp.post("/accounts/<int:user_id>/status")
@requires("accounts.manage")
def account_status(user_id: int):
    user = admin.console_account(user_id)
    disable = request.form.get("disabled") == "1"
    console_auth.set_disabled(user, disable, actor=current_user(), reason=request.form.get("reason") or None)
    flash(f"账号 {user.username} 已{'停用' if disable else '恢复'}", "info")
    back = "console.account_detail" if request.form.get("back") == "detail" else "console.accounts"
    return redirect(url_for(back, user_id=user_id) if back == "console.account_detail" else url_for(back))


@bp.get("/accounts/wechat")
@requires("accounts.manage")
def account_wechat_users():
    q, page = (request.args.get("q") or "").strip(), page_arg()
    rows, total = admin.wechat_users(q, page)
    return render_template("console/wechat_users.html", rows=rows, total=total, page=page, q=q,
                           per_page=admin.WECHAT_PER_PAGE, role_labels=admin.role_labels)


@bp.post("/accounts/wechat/<int:user_id>/status")
@requires("accounts.manage")
def account_wechat_status(user_id: int):
    user = admin.wechat_user(user_id)
    disable = request.form.get("disabled") == "1"
    admin.set_wechat_user_disabled(user, disable, actor=current_user(), reason=request.form.get("reason"))
    flash(f"微信用户 {user.display_name}（编号 {user.id}）已{'停用，其登录和点赞立即失效' if disable else '恢复'}", "info")
    return redirect(request.referrer if _same_console_page(request.referrer) else url_for("console.account_wechat_users"))


def _same_console_page(target: str | None) -> bool:
    # Back to the list page the organizer was on (its search and page), never to another host.
    return bool(target) and target.startswith(request.host_url + "console/accounts/wechat")
