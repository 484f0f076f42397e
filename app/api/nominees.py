"""Public profiles of nominees: public fields only, no login needed."""
from marshmallow import Schema, fields, validate

from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema, PageField
from app.services.nominations import rules
from app.services.nominees import profiles as public_profiles

blp = Blueprint("nominees", __name__, url_prefix="/api/v1/nominees", description="被推荐人公开信息")


class NomineeQuerySchema(Schema):
    q = fields.String(load_default=None, validate=validate.Length(max=40),
                      metadata={"description": "按姓名、单位、工种搜索"})
    district = fields.String(load_default=None, validate=validate.OneOf(list(rules.OPTIONS["district"])))
    trade = fields.String(load_default=None, validate=validate.Length(max=60))
    channel = fields.String(load_default=None, validate=validate.OneOf(["self", "union", "association"]))
    stage = fields.String(load_default=None, validate=validate.OneOf(list(public_profiles.STAGE_FILTERS)),
                          metadata={"description": "nominated 申报中 / finalist 入围 / winner 当选 / top_winner 十大工匠"})
    sort = fields.String(load_default="newest", validate=validate.OneOf(list(public_profiles.SORTS)))
    page = PageField()
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PublicNomineeSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    photos = fields.List(fields.String(), required=True)
    employer_name = fields.String(allow_none=True)
    post = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    skill_level = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    channel = fields.String(required=True)
    channel_label = fields.String(required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    awards = fields.String(allow_none=True)
    deeds = fields.String(allow_none=True)
    story = fields.String(allow_none=True, metadata={"description": "事迹简介，发布后才显示"})
    likes = fields.Integer(required=True)
    likeable = fields.Boolean(required=True, metadata={"description": "现在能否为其点赞（点赞开放、入围且未暂停）"})


class NomineePageSchema(Schema):
    items = fields.List(fields.Nested(PublicNomineeSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


@blp.route("")
@blp.arguments(NomineeQuerySchema, location="query")
@blp.response(200, NomineePageSchema)
def search(args):
    items, total = public_profiles.search(**args)
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/<int:nominee_id>")
@blp.response(200, PublicNomineeSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def read(nominee_id):
    return public_profiles.get(nominee_id)
