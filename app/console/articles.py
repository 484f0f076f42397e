"""Promotion articles (技能推介): the list with its filters, the editor, preview, schedule, publish, take down."""
from __future__ import annotations

import io

from flask import flash, jsonify, redirect, render_template, request, send_file, url_for

from app import bounds
from app.console.blueprint import bp
from app.console.session import current_user, form_errors, page_arg, requires
from app.extensions import db
from app.models import ARTICLE_STATUS_LABELS, OUTLET_LABELS, Article
from app.models.base import utcnow
from app.services.articles import editing, images, public, publishing, sanitize, visibility
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found

PER_PAGE = 20
# The editor and the preview show pictures from https sites too (the body allows them); the rest as elsewhere.
EDITOR_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; "
              "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def _filters() -> editing.ConsoleFilters:
    status = request.args.get("status") or None
    outlet = request.args.get("outlet") or None
    return editing.ConsoleFilters(nomination_id=bounds.id_or_none(request.args.get("nominee")),
                                  status=status if status in ARTICLE_STATUS_LABELS else None,
                                  outlet=outlet if outlet in OUTLET_LABELS else None)


@bp.get("/articles")
@requires("articles.manage")
def articles_page():
    filters = _filters()
    page = page_arg()
    items, total, counts = editing.for_console(filters, page, PER_PAGE)
    campaign = stages.current_campaign()
    return render_template("console/articles.html", items=items, total=total, counts=counts, page=page,
                           per_page=PER_PAGE, filters=filters, finalists=editing.finalists(),
                           statuses=ARTICLE_STATUS_LABELS, outlets=OUTLET_LABELS, now=utcnow(),
                           can_publish=stages.in_stage_for(campaign, "articles"), is_public=visibility.is_public)


@bp.post("/articles")
@requires("articles.manage")
def article_create():
    try:
        article = editing.create(current_user(), bounds.id_or_none(request.form.get("nominee")) or 0,
                                 request.form.get("title") or "", request.form.get("outlet") or "other")
    except DomainError as exc:
        if exc.code == "validation_error":
            flash(exc.message + "：" + "；".join(form_errors(exc).values()), "error")
            return redirect(url_for("console.articles_page"))
        raise
    flash("已新建草稿，请撰写正文", "info")
    return redirect(url_for("console.article_edit", article_id=article.id))


def _editor(article: Article, errors: dict | None = None, values: dict | None = None, status: int = 200):
    campaign = stages.current_campaign()
    # What was typed comes back after a refusal, but only as the sanitizer lets it through.
    body = sanitize.for_console(sanitize.clean(values["body"]) if values else article.body or "")
    response = render_template(
        "console/article_edit.html", article=article, errors=errors or {}, values=values or {}, body=body,
        outlets=OUTLET_LABELS, statuses=ARTICLE_STATUS_LABELS, cover_url=_console_image(article.cover_image_id),
        can_publish=stages.in_stage_for(campaign, "articles"), is_public=visibility.is_public(article),
        stage_names="、".join(s.name for s in campaign.stages if s.key in stages.STAGE_WORK["articles"][0]))
    return response, status, {"Content-Security-Policy": EDITOR_CSP}


def _console_image(image_id: int | None, thumbnail: bool = False) -> str | None:
    if image_id is None:
        return None
    return url_for("console.article_image", image_id=image_id, size="thumbnail" if thumbnail else None)


def _load(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None:
        raise not_found("文章")
    return article


@bp.get("/articles/<int:article_id>")
@requires("articles.manage")
def article_edit(article_id: int):
    return _editor(_load(article_id))


@bp.post("/articles/<int:article_id>")
@requires("articles.manage")
def article_save(article_id: int):
    values = {field: request.form.get(field, "") for field in editing.EDITABLE}
    try:
        editing.update(current_user(), article_id, values)
    except DomainError as exc:
        if exc.code not in ("validation_error", "content_rejected"):
            raise
        db.session.rollback()
        message = exc.message if exc.code == "content_rejected" else "未保存，请按提示修改"
        flash(message, "error")
        return _editor(_load(article_id), form_errors(exc), values, exc.status)
    flash("已保存", "info")
    return redirect(url_for("console.article_edit", article_id=article_id))


@bp.get("/articles/<int:article_id>/preview")
@requires("articles.manage")
def article_preview(article_id: int):
    article = _load(article_id)
    view = public.full(article)
    view["body"] = sanitize.for_console(article.body or "")
    html = render_template("console/article_preview.html", article=article, view=view,
                           cover_url=_console_image(article.cover_image_id), statuses=ARTICLE_STATUS_LABELS)
    return html, 200, {"Content-Security-Policy": EDITOR_CSP}


@bp.post("/articles/<int:article_id>/publish")
@requires("articles.manage")
def article_publish(article_id: int):
    article = _load(article_id)
    when = publishing.parse_local(article.nomination.campaign, request.form.get("publish_at"))
    article = publishing.publish(current_user(), article_id, when)
    if article.status == "scheduled":
        flash("已设置定时发布，到时自动发布并通知被推荐人及其推荐单位", "info")
    else:
        flash("已发布，已通知被推荐人及其推荐单位", "info")
    return redirect(url_for("console.article_edit", article_id=article_id))


@bp.post("/articles/<int:article_id>/unpublish")
@requires("articles.manage")
def article_unpublish(article_id: int):
    article = publishing.unpublish(current_user(), article_id, request.form.get("reason"))
    flash("已取消定时发布，文章回到草稿" if article.status == "draft" else "已撤下，公众不再能看到这篇文章", "info")
    return redirect(url_for("console.article_edit", article_id=article_id))


@bp.post("/articles/<int:article_id>/cover")
@requires("articles.manage")
def article_cover(article_id: int):
    if request.form.get("remove"):
        images.remove_cover(current_user(), article_id)
        flash("已移除封面", "info")
    else:
        upload = request.files.get("file")
        images.upload(current_user(), article_id, upload.read() if upload else b"", cover=True)
        flash("封面已更新", "info")
    return redirect(url_for("console.article_edit", article_id=article_id))


@bp.post("/articles/<int:article_id>/images")
@requires("articles.manage")
def article_image_upload(article_id: int):
    """A picture for the body, from the editor's toolbar (fetch): its address, or the reason it was refused."""
    upload = request.files.get("file")
    try:
        image = images.upload(current_user(), article_id, upload.read() if upload else b"")
    except DomainError as exc:
        db.session.rollback()
        return jsonify({"error": exc.message}), exc.status
    return jsonify({"url": _console_image(image.id)}), 201


@bp.get("/articles/images/<int:image_id>")
@requires("articles.manage")
def article_image(image_id: int):
    thumbnail = request.args.get("size") == "thumbnail"
    row, data = images.open_image(image_id, thumbnail=thumbnail, organizer=True)
    return send_file(io.BytesIO(data), mimetype=row.content_type)
