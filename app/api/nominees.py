"""Public profiles of nominees: public fields only, no login needed."""
from marshmallow import Schema, fields, validate

from app.api import public_reads
from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema, PageField
from app.services import public_cache
from app.services.likes.counts import board_key
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


class NomineeCardSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    thumbnail = fields.String(allow_none=True, metadata={"description": "缩略图地址（约 240 像素，可长期缓存）"})
    employer_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    likes = fields.Integer(required=True, metadata={"description": "点赞数（至多 2 秒前的）"})
    rank = fields.Integer(allow_none=True, metadata={"description": "点赞排名；票数相同名次相同；未参与点赞为空"})


class PublicNomineeSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    photos = fields.List(fields.String(), required=True,
                         metadata={"description": "照片的展示尺寸地址（宽约 750 像素，可长期缓存）"})
    thumbnail = fields.String(allow_none=True)
    avatar = fields.String(allow_none=True, metadata={"description": "证件照缩略图（3:4 竖图，作头像用，可长期缓存）"})
    work_photos = fields.List(fields.String(), required=True,
                              metadata={"description": "工作照的展示尺寸地址（宽约 750 像素，可长期缓存）"})
    title = fields.String(allow_none=True, metadata={"description": "获评称号（港城十大工匠 / 港城工匠），未获评为空"})
    rank = fields.Integer(allow_none=True, metadata={"description": "点赞排名；票数相同名次相同；未参与点赞为空"})
    held_for_review = fields.Boolean(required=True, metadata={"description": "点赞数据正在核查，暂停点赞"})
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
    items = fields.List(fields.Nested(NomineeCardSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


CACHED = ("公开信息对所有人相同，由共享缓存提供：带 ETag 与 Cache-Control: public, max-age=5（带 Authorization 时为 "
          "no-store），If-None-Match 相同时答 304；点赞数至多 2 秒前的。")


@blp.route("")
@blp.arguments(NomineeQuerySchema, location="query")
@blp.response(200, NomineePageSchema)
@blp.alt_response(304, **public_reads.NOT_MODIFIED)
@blp.doc(description="被推荐人卡片列表（不含事迹）。" + CACHED)
def search(args):
    def build(campaign):
        items, total = public_profiles.search(**args, campaign=campaign)
        return public_cache.Built(public_reads.encode(NomineePageSchema(), {
            "items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}), shows_likes=True)

    return public_reads.respond(build)


@blp.route("/<int:nominee_id>")
@blp.response(200, PublicNomineeSchema)
@blp.alt_response(304, **public_reads.NOT_MODIFIED)
@blp.alt_response(404, schema=ApiErrorSchema)
@blp.doc(description="被推荐人公开主页。" + CACHED.replace("点赞数至多 2 秒前的", "点赞数为实时"))
def read(nominee_id):
    def build(_campaign):
        profile = public_profiles.get(nominee_id)
        # Its count is read live at every answer (services/public_cache); nothing else on it moves with likes.
        body = public_reads.encode(PublicNomineeSchema(), {**profile, "likes": int(public_cache.LIVE_MARKER)})
        # A ranked nominee's place moves with everyone's likes: rebuilt as often as the lists.
        return public_cache.Built(body, shows_likes=profile["rank"] is not None,
                                  live_count=(board_key(profile["campaign_id"]), str(profile["id"])))

    return public_reads.respond(build)
