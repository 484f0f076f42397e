"""Promotion articles (技能推介) for the public: the feed, one article, and their pictures. No login needed."""
import io

from flask import send_file
from marshmallow import Schema, fields, validate

from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema, IdField, PageField, file_responses
from app.models import OUTLET_LABELS
from app.services.articles import images, public

blp = Blueprint("articles", __name__, url_prefix="/api/v1", description="技能推介文章")

OUTLET_HELP = "；".join(f"{code} {label}" for code, label in OUTLET_LABELS.items())


class ArticleQuerySchema(Schema):
    nominee_id = IdField(load_default=None, metadata={"description": "只看这位被推荐人的文章"})
    outlet = fields.String(load_default=None, validate=validate.OneOf(list(OUTLET_LABELS)),
                           metadata={"description": f"发布媒体：{OUTLET_HELP}"})
    page = PageField()
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class ArticleCardSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    outlet = fields.String(required=True, metadata={"description": OUTLET_HELP})
    outlet_label = fields.String(required=True)
    cover_thumbnail_url = fields.String(allow_none=True, required=True)
    published_at = fields.DateTime(required=True, metadata={"description": "发布时间"})
    nominee_id = fields.Integer(required=True)
    nominee_name = fields.String(required=True)
    summary = fields.String(required=True)


class ArticleSchema(ArticleCardSchema):
    cover_url = fields.String(allow_none=True, required=True)
    source_url = fields.String(allow_none=True, required=True, metadata={"description": "原文或视频链接"})
    body = fields.String(required=True, metadata={
        "description": "正文 HTML（仅段落、标题、加粗、列表、图片、链接，已过滤），可直接交给 rich-text 显示"})


class ArticlePageSchema(Schema):
    items = fields.List(fields.Nested(ArticleCardSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class ImageArgsSchema(Schema):
    size = fields.String(load_default="full", validate=validate.OneOf(["full", "thumbnail"]),
                         metadata={"description": "full 原图（最长边 1600 像素）/ thumbnail 缩略图（最长边 480 像素）"})


@blp.route("/articles")
@blp.arguments(ArticleQuerySchema, location="query")
@blp.response(200, ArticlePageSchema)
def search(args):
    """Published articles, newest first."""
    items, total = public.search(**args)
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/articles/<int:article_id>")
@blp.response(200, ArticleSchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="不存在，或尚未发布、已撤下")
def read(article_id):
    return public.get(article_id)


@blp.route("/article-images/<int:image_id>")
@blp.arguments(ImageArgsSchema, location="query")
@blp.doc(responses=file_responses("文章图片", "image/jpeg", "image/png", conditional=True))
@blp.alt_response(404, schema=ApiErrorSchema, description="不存在，或所属文章尚未发布")
def image(args, image_id):
    thumbnail = args["size"] == "thumbnail"
    row, data = images.open_image(image_id, thumbnail=thumbnail)
    response = send_file(io.BytesIO(data), mimetype=row.content_type, conditional=True, max_age=600,
                         etag=f"{row.sha256}-{args['size']}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.cache_control.public = True
    return response
