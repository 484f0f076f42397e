"""Console accounts: organizers create organizer and expert accounts, and disable them."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app.console.blueprint import bp
from app.console.session import current_user, form_errors, requires
from app.extensions import db
from app.models import ROLE_LABELS, User
from app.services.accounts import console_auth
from app.services.errors import DomainError, not_found


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


@bp.post("/accounts/<int:user_id>/status")
@requires("accounts.manage")
def account_status(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or not user.username:
        raise not_found("账号")
    disable = request.form.get("disabled") == "1"
    console_auth.set_disabled(user, disable, actor=current_user(), reason=request.form.get("reason") or None)
    flash(f"账号 {user.username} 已{'停用' if disable else '恢复'}", "info")
    return redirect(url_for("console.accounts"))
