"""Broadcast notices (群发通知): compose, count the audience, preview to oneself, send now or schedule,
cancel, and watch the progress per channel until the final report."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app.console.blueprint import bp
from app.console.session import current_user, form_errors, page_arg, requires
from app.models import BROADCAST_STATE_LABELS
from app.services.broadcasts import audiences, composing, mass, progress
from app.services.campaigns import stages
from app.services.errors import DomainError

PER_PAGE = 20


def _form() -> dict:
    return {"title": request.form.get("title"), "body": request.form.get("body"), "page": request.form.get("page"),
            "audience": {"kind": request.form.get("audience"), "status": request.form.get("status"),
                         "org_kind": request.form.get("org_kind"), "tag_id": request.form.get("tag_id")},
            "channels": request.form.getlist("channels"), "public": request.form.get("public") == "1"}


def _typed() -> dict:
    """What was typed, to show again after a refusal."""
    return {**request.form.to_dict(), "channels": request.form.getlist("channels"),
            "public": request.form.get("public") == "1"}


def _stored(broadcast) -> dict:
    return {"title": broadcast.title, "body": broadcast.body, "page": broadcast.page or "",
            "audience": broadcast.audience.get("kind"), "status": broadcast.audience.get("status"),
            "org_kind": broadcast.audience.get("org_kind"), "tag_id": broadcast.audience.get("tag_id", ""),
            "channels": broadcast.channels, "public": broadcast.public}


def _compose_context() -> dict:
    return {"choices": audiences.choices(), "channels": composing.per_user_channels(), "mass_rules": mass.RULES,
            "title_max": composing.TITLE_MAX, "body_max": composing.BODY_MAX}


@bp.get("/broadcasts")
@requires("broadcasts.manage")
def broadcasts_page():
    page = page_arg()
    items, total = progress.for_console(page, PER_PAGE)
    return render_template("console/broadcasts.html", items=items, total=total, page=page, per_page=PER_PAGE,
                           states=BROADCAST_STATE_LABELS, describe=audiences.describe, errors={}, values={},
                           **_compose_context())


@bp.get("/broadcasts/audience-count")
@requires("broadcasts.manage")
def broadcast_audience_count():
    """How many people the chosen audience holds now (the form asks as the choice changes)."""
    try:
        spec = audiences.clean({"kind": request.args.get("audience"),
                                **{name: request.args.get(name) for name in ("status", "org_kind", "tag_id")}})
    except DomainError as exc:
        return render_template("console/_broadcast_count.html", error=next(iter(form_errors(exc).values()))), 200
    count = audiences.count(spec, stages.current_campaign())
    return render_template("console/_broadcast_count.html", count=count, mass=audiences.is_mass(spec),
                           description=audiences.describe(spec))


@bp.post("/broadcasts")
@requires("broadcasts.manage")
def broadcast_create():
    try:
        broadcast = composing.create(current_user(), _form())
    except DomainError as exc:
        if exc.status != 400:
            raise
        items, total = progress.for_console(1, PER_PAGE)
        return render_template("console/broadcasts.html", items=items, total=total, page=1, per_page=PER_PAGE,
                               states=BROADCAST_STATE_LABELS, describe=audiences.describe,
                               errors=form_errors(exc), error_message=exc.message, values=_typed(),
                               **_compose_context()), 400
    flash("已保存草稿：可以先预览给自己，再立即发送或定时发送", "info")
    return redirect(url_for("console.broadcast_page", broadcast_id=broadcast.id))


def _detail(broadcast, errors: dict | None = None, values: dict | None = None, error_message: str | None = None):
    count = composing.recipient_count(broadcast) if broadcast.state in ("draft", "scheduled") else None
    return render_template("console/broadcast.html", broadcast=broadcast, states=BROADCAST_STATE_LABELS,
                           audience=audiences.describe(broadcast.audience), count=count,
                           p=progress.snapshot(broadcast), channel_labels=composing.CHANNEL_LABELS,
                           is_mass=audiences.is_mass(broadcast.audience), errors=errors or {},
                           values=values or _stored(broadcast), error_message=error_message, **_compose_context())


@bp.get("/broadcasts/<int:broadcast_id>")
@requires("broadcasts.manage")
def broadcast_page(broadcast_id: int):
    return _detail(composing.load(broadcast_id))


@bp.post("/broadcasts/<int:broadcast_id>/edit")
@requires("broadcasts.manage")
def broadcast_edit(broadcast_id: int):
    try:
        composing.update(current_user(), broadcast_id, _form())
    except DomainError as exc:
        if exc.status != 400:
            raise
        return _detail(composing.load(broadcast_id), form_errors(exc), _typed(), exc.message), 400
    flash("已保存修改", "info")
    return redirect(url_for("console.broadcast_page", broadcast_id=broadcast_id))


@bp.get("/broadcasts/<int:broadcast_id>/progress")
@requires("broadcasts.manage")
def broadcast_progress(broadcast_id: int):
    broadcast = composing.load(broadcast_id)
    # The state beside the title follows too (an out-of-band swap), e.g. 发送中 → 已发送.
    return render_template("console/_broadcast_progress.html", broadcast=broadcast, p=progress.snapshot(broadcast),
                           channel_labels=composing.CHANNEL_LABELS, states=BROADCAST_STATE_LABELS, oob=True)


@bp.post("/broadcasts/<int:broadcast_id>/preview")
@requires("broadcasts.manage")
def broadcast_preview(broadcast_id: int):
    composing.preview(current_user(), broadcast_id)
    flash("预览已发到您本人的小程序消息中心（仅您可见），请在手机上查看效果", "info")
    return redirect(url_for("console.broadcast_page", broadcast_id=broadcast_id))


@bp.post("/broadcasts/<int:broadcast_id>/send")
@requires("broadcasts.manage")
def broadcast_send(broadcast_id: int):
    broadcast = composing.send_now(current_user(), broadcast_id)
    flash(f"已开始发送，共 {broadcast.recipient_count} 人" if not audiences.is_mass(broadcast.audience)
          else "已开始发送，公众号群发将提交微信", "info")
    return redirect(url_for("console.broadcast_page", broadcast_id=broadcast_id))


@bp.post("/broadcasts/<int:broadcast_id>/schedule")
@requires("broadcasts.manage")
def broadcast_schedule(broadcast_id: int):
    campaign = stages.current_campaign()
    composing.schedule(current_user(), broadcast_id, composing.parse_local(campaign.timezone,
                                                                           request.form.get("scheduled_at")))
    flash("已设置定时发送，到时自动发出；发出前可以取消", "info")
    return redirect(url_for("console.broadcast_page", broadcast_id=broadcast_id))


@bp.post("/broadcasts/<int:broadcast_id>/cancel")
@requires("broadcasts.manage")
def broadcast_cancel(broadcast_id: int):
    composing.cancel(current_user(), broadcast_id, request.form.get("reason"))
    flash("已取消，这条通知不会发出", "info")
    return redirect(url_for("console.broadcast_page", broadcast_id=broadcast_id))
