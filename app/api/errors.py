"""JSON errors for the API: one shape, the right status, never a traceback."""
from __future__ import annotations

import logging

import redis
import sqlalchemy.exc
from flask import Flask, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from app.extensions import db
from app.services.errors import DomainError

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: ("bad_request", "请求格式有误"),
    401: ("unauthorized", "请先登录"),
    403: ("forbidden", "没有权限执行此操作"),
    404: ("not_found", "请求的资源不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "操作与当前状态冲突"),
    413: ("payload_too_large", "上传内容过大"),
    415: ("unsupported_media_type", "不支持的内容类型"),
    429: ("too_many_requests", "操作过于频繁，请稍后再试"),
    500: ("internal_error", "服务器开小差了，请稍后再试"),
    503: ("service_unavailable", "服务暂时不可用，请稍后再试"),
}

# Marshmallow's English messages, as people read them.
FIELD_MESSAGES = {
    "Missing data for required field.": "必填",
    "Field may not be null.": "不能为空",
    "Not a valid string.": "应为文本",
    "Not a valid integer.": "应为整数",
    "Not a valid number.": "应为数字",
    "Not a valid boolean.": "应为是或否",
    "Not a valid date.": "日期格式应为 YYYY-MM-DD",
    "Not a valid datetime.": "时间格式有误",
    "Not a valid list.": "应为列表",
    "Unknown field.": "不支持的字段",
    "Invalid input type.": "格式有误",
}


def error_body(code: str, message: str, details: dict | None = None) -> dict:
    """The one shape of an API error (ApiErrorSchema)."""
    body = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    return body


def error_response(code: str, message: str, status: int, details: dict | None = None,
                   retry_after: int | None = None):
    response = jsonify(error_body(code, message, details))
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(int(retry_after))
    return response


def _translate(messages):
    if isinstance(messages, dict):
        return {key: _translate(value) for key, value in messages.items()}
    if isinstance(messages, list):
        return [_translate(m) for m in messages]
    return FIELD_MESSAGES.get(messages, messages)


def _wants_json() -> bool:
    return request.path.startswith("/api") or request.path == "/healthz"


def _allow(exc: HTTPException) -> dict:
    """A 405 says which methods the path takes (RFC 9110), as Werkzeug's own answer does."""
    methods = getattr(exc, "valid_methods", None)
    return {"Allow": ", ".join(sorted(methods))} if methods else {}


def _page(exc: HTTPException):
    """Outside the API, the part of the site that owns the path draws the page (the console registers one
    under app.extensions["error_pages"][prefix]); elsewhere Werkzeug's answer stays."""
    render = _page_renderer()
    return render(exc) if render is not None else exc


# A backing store that cannot be reached (stopped, restarting, a broken connection): the request is answered
# 503 and the caller tries again; pool_pre_ping and redis-py reconnect once the store is back, no restart needed.
UNAVAILABLE_ERRORS = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, redis.ConnectionError,
                      redis.TimeoutError, redis.BusyLoadingError)
UNAVAILABLE_RETRY_AFTER = 5


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is already gone; the pool discards it
        log.debug("rollback on a lost connection failed", exc_info=True)


def _unavailable(exc: Exception):
    _rollback_quietly()
    log.warning("%s %s: a backing store is unavailable (%s: %s)", request.method, request.path,
                type(exc).__name__, str(exc).splitlines()[0][:200] if str(exc) else "")
    if not _wants_json():
        render = _page_renderer()
        if render is not None:
            return render(exc)
        return "服务暂时不可用，请稍后再试", 503, {"Retry-After": str(UNAVAILABLE_RETRY_AFTER),
                                                   "Content-Type": "text/plain; charset=utf-8"}
    code, message = HTTP_CODES[503]
    return error_response(code, message, 503, retry_after=UNAVAILABLE_RETRY_AFTER)


def _page_renderer():
    for prefix, render in current_app.extensions.get("error_pages", {}).items():
        if request.path == prefix or request.path.startswith(prefix + "/"):
            return render
    return None


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError):
        db.session.rollback()
        return error_response(exc.code, exc.message, exc.status, exc.details, exc.retry_after)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        if not _wants_json():
            return _page(exc)
        status = exc.code or 500
        messages = (getattr(exc, "data", None) or {}).get("messages")
        if messages is not None:  # webargs: the request did not match its schema
            # webargs nests by location ("json", "query"); people care about the fields.
            fields = {}
            for location_messages in messages.values():
                if isinstance(location_messages, dict):
                    # A multipart part without a name arrives as the key None; JSON keys must be strings.
                    fields.update({"" if k is None else str(k): v for k, v in location_messages.items()})
            return error_response("validation_error", "提交的内容有误，请检查后重试", 400,
                                  {"fields": _translate(fields)})
        code, message = HTTP_CODES.get(status, ("http_error", exc.description or "请求失败"))
        response = error_response(code, message, status)
        response.headers.update(_allow(exc))
        return response

    for error_class in UNAVAILABLE_ERRORS:
        app.register_error_handler(error_class, _unavailable)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        if isinstance(exc, UNAVAILABLE_ERRORS):  # wrapped or re-raised where the handlers above did not see it
            return _unavailable(exc)
        _rollback_quietly()
        if isinstance(exc, HTTPException):
            return handle_http_error(exc)
        log.exception("unhandled error on %s %s", request.method, request.path)
        if not _wants_json():
            return "服务器开小差了，请稍后再试", 500
        return error_response("internal_error", HTTP_CODES[500][1], 500)
