"""The organizer and expert web console at /console: server-rendered pages, one module per area."""
from __future__ import annotations

from flask import Flask, render_template, request
from werkzeug.exceptions import BadRequest, HTTPException

from app import bounds
from app.console.blueprint import bp

# Werkzeug's pages are English; people using the console read these.
ERROR_PAGES = {
    400: ("请求有误", "请求的内容或参数有误，请返回后重试。"),
    404: ("未找到", "您访问的页面不存在，或该记录已被删除。"),
    405: ("不支持的操作", "该页面不支持这种访问方式，请从页面上的链接或按钮进入。"),
    413: ("文件过大", "上传的文件超过了允许的大小，请压缩或另存为较小的文件后重新上传。"),
}
# Query and form values that name a row or a page: checked once here, before any view reads them.
BOUNDED_ARGS = {"page": bounds.MAX_PAGE, "org": bounds.MAX_ID, "org_id": bounds.MAX_ID, "parent_id": bounds.MAX_ID}


class OutOfRange(BadRequest):
    """A number the database cannot take; its description is the Chinese message shown."""


def error_page(exc: Exception):
    if not isinstance(exc, HTTPException):  # the database or Redis is unreachable (app/api/errors.py)
        # A page of its own: the usual layout asks the session and the database who is logged in.
        return render_template("console/unavailable.html"), 503, {"Retry-After": "5"}
    status = exc.code or 500
    title, message = ERROR_PAGES.get(status, ("请求未完成", "请求未能完成，请返回后重试。"))
    if isinstance(exc, OutOfRange):
        message = exc.description
    headers = {"Allow": ", ".join(sorted(exc.valid_methods))} if getattr(exc, "valid_methods", None) else {}
    return render_template("console/error.html", title=title, message=message), status, headers


@bp.before_request
def refuse_numbers_past_the_database():
    """A page or id the database cannot take (?page=99999999999999999999, "²") is a 400 page, not a 500."""
    for name, limit in BOUNDED_ARGS.items():
        for raw in request.args.getlist(name) + request.form.getlist(name):
            raw = raw.strip()
            if raw.isdigit() and not (raw.isascii() and len(raw) <= 10 and int(raw) <= limit):
                raise OutOfRange(f"参数 {name} 超出范围（应为不超过 {limit} 的整数）。")


def init_app(app: Flask) -> None:
    from app.console import (accounts, articles, audit_log, awards, auth, broadcasts, campaign, dashboard,  # noqa: F401
                             endorsement_checks, expert, exports, leads, like_review, nominations, organizations,
                             notifications, panel, results, review, session, shortlist)
    from app.extensions import csrf

    csrf.init_app(app)
    app.register_blueprint(bp)
    app.extensions.setdefault("error_pages", {})[bp.url_prefix] = error_page
