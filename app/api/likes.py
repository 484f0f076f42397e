"""Likes: like a nominee, what I have left today, the leaderboard, and the share poster."""
from flask import Response
from marshmallow import Schema, fields, validate
from werkzeug.routing import Map, Rule

from app.api import public_reads
from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema, PageField, file_responses
from app.api.security import BEARER_SECURITY, current_user_id, token_required
from app.services import public_cache
from app.services.likes import liking
from app.services.nominees import leaderboard, poster, share_card

blp = Blueprint("likes", __name__, url_prefix="/api/v1", description="点赞、排行榜与分享海报")

IDEMPOTENCY_HEADER = {
    "in": "header", "name": "Idempotency-Key", "required": False,
    "schema": {"type": "string", "pattern": r"^[A-Za-z0-9_.:-]{1,64}$"},
    "description": "重试同一请求时带上相同的值，点赞只计一次（24 小时内有效）",
}


class LikeResultSchema(Schema):
    likes = fields.Integer(required=True, metadata={"description": "该候选人的点赞总数"})
    remaining_today = fields.Integer(required=True, metadata={"description": "我今天还能点的赞"})


class TodaySchema(Schema):
    remaining_today = fields.Integer(required=True)
    liked_nominee_ids = fields.List(fields.Integer(), required=True, metadata={"description": "今天已点赞的候选人"})


class LeaderboardArgsSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100), metadata={"description": "每页条数"})
    page = PageField()


class LeaderboardEntrySchema(Schema):
    rank = fields.Integer(required=True, metadata={"description": "名次；票数相同名次相同"})
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    employer_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    likes = fields.Integer(required=True)
    thumbnail = fields.String(allow_none=True, metadata={"description": "头像缩略图地址"})


class LeaderboardSchema(Schema):
    items = fields.List(fields.Nested(LeaderboardEntrySchema), required=True)
    total = fields.Integer(required=True, metadata={"description": "上榜总人数"})


def document_like(api) -> None:
    """POST /api/v1/nominees/{id}/like is answered by api/like_endpoint.py in front of Flask; this is its contract."""
    def error(description):
        return {"description": description, "content": {"application/json": {"schema": ApiErrorSchema}}}

    rule = Rule("/api/v1/nominees/<int:nomination_id>/like", defaults={})
    Map([rule])  # binds the rule: its converters document the path parameter
    api.spec.path(rule=rule, operations={"post": {
        "tags": ["likes"], "summary": "为候选人点赞", "security": BEARER_SECURITY,
        "description": "每个点赞在 Redis 中一次原子完成；每位候选人每天 1 次、每人每天 10 次（以活动设置为准）。",
        "parameters": [IDEMPOTENCY_HEADER],
        "responses": {
            "200": {"description": "已点赞", "content": {"application/json": {"schema": LikeResultSchema}}},
            "400": error("invalid_idempotency_key：Idempotency-Key 应为 1-64 位字母、数字或 _.:-"),
            "401": error("未登录"),
            "403": error("risk_rejected：账号存在安全风险；account_disabled：账号已停用"),
            "404": error("not_found：候选人编号超出范围"),
            "409": error("stage_closed / not_likeable / already_liked_today / held_for_review"),
            "429": error("daily_limit_reached / too_fast（带 Retry-After）"),
            "503": error("service_unavailable：点赞服务暂时不可用；like_unconfirmed：点赞尚未确认保存（带 Retry-After）"),
        },
    }})


@blp.route("/me/likes/today")
@token_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, TodaySchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def my_likes_today():
    return liking.today(current_user_id())


@blp.route("/leaderboard")
@blp.arguments(LeaderboardArgsSchema, location="query")
@blp.response(200, LeaderboardSchema)
@blp.alt_response(304, **public_reads.NOT_MODIFIED)
@blp.doc(description="由共享缓存提供：带 ETag 与 Cache-Control: public, max-age=5（带 Authorization 时为 no-store），"
                     "If-None-Match 相同时答 304；点赞数至多 2 秒前的。票数相同名次相同，下一名次顺延（1、1、3…）；"
                     "按页读取（page、limit），total 为上榜总人数。")
def leaderboard_page(args):
    def build(_campaign):
        items, total = leaderboard.page(args["page"], args["limit"])
        return public_cache.Built(public_reads.encode(LeaderboardSchema(), {"items": items, "total": total}),
                                  shows_likes=True)
    return public_reads.respond(build)


@blp.route("/nominees/<int:nomination_id>/poster")
@blp.doc(responses=file_responses("分享海报（PNG）", "image/png"))
@blp.alt_response(404, schema=ApiErrorSchema, description="候选人不存在或未公开")
def nominee_poster(nomination_id):
    png = poster.nominee_poster(nomination_id)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


@blp.route("/nominees/<int:nomination_id>/share-card.png")
@blp.doc(responses=file_responses("转发到聊天的卡片图（PNG，5:4）：公开信息、点赞数与排名或获评称号", "image/png"))
@blp.alt_response(404, schema=ApiErrorSchema, description="候选人不存在或未公开")
def nominee_share_card(nomination_id):
    response = Response(share_card.nominee_share_card(nomination_id), mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
