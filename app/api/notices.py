"""Organizers' notices (群发通知) for the public: the list and one notice. No login needed."""
from marshmallow import Schema, fields, validate

from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema, PageField
from app.services.broadcasts import public

blp = Blueprint("notices", __name__, url_prefix="/api/v1", description="活动通知")


class NoticeQuerySchema(Schema):
    page = PageField()
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class NoticeCardSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True, metadata={"description": "正文开头（至多 60 字）"})
    published_at = fields.DateTime(required=True, metadata={"description": "发出时间"})
    page = fields.String(allow_none=True, required=True,
                         metadata={"description": "通知链接的小程序页面（如 pages/results/index），可为空"})


class NoticeSchema(NoticeCardSchema):
    body = fields.String(required=True, metadata={"description": "正文（纯文本，可含换行）"})


class NoticePageSchema(Schema):
    items = fields.List(fields.Nested(NoticeCardSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


@blp.route("/notices")
@blp.arguments(NoticeQuerySchema, location="query")
@blp.response(200, NoticePageSchema)
def search(args):
    """Notices organizers sent to the public, newest first."""
    items, total = public.search(args["page"], args["per_page"])
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/notices/<int:notice_id>")
@blp.response(200, NoticeSchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="不存在，或尚未发出、不公开")
def read(notice_id):
    """One notice."""
    return public.get(notice_id)
