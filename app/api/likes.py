"""Likes: like a nominee, what I have left today, the leaderboard, and the share poster."""
from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.schemas import ApiErrorSchema
from app.api.security import BEARER_SECURITY, current_user_id, token_required
from app.services import likes, poster

blp = Blueprint("likes", __name__, url_prefix="/api/v1", description="点赞、排行榜与分享海报")

IDEMPOTENCY_HEADER = {
    "in": "header", "name": "Idempotency-Key", "required": False, "schema": {"type": "string", "maxLength": 64},
    "description": "重试同一请求时带上相同的值，点赞只计一次（24 小时内有效）",
}


class LikeResultSchema(Schema):
    likes = fields.Integer(required=True, metadata={"description": "该候选人的点赞总数"})
    remaining_today = fields.Integer(required=True, metadata={"description": "我今天还能点的赞"})


class TodaySchema(Schema):
    remaining_today = fields.Integer(required=True)
    liked_nominee_ids = fields.List(fields.Integer(), required=True, metadata={"description": "今天已点赞的候选人"})


class LeaderboardArgsSchema(Schema):
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class LeaderboardEntrySchema(Schema):
    rank = fields.Integer(required=True, metadata={"description": "名次；票数相同名次相同"})
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    employer_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    likes = fields.Integer(required=True)


class LeaderboardSchema(Schema):
    items = fields.List(fields.Nested(LeaderboardEntrySchema), required=True)


@blp.route("/nominees/<int:nomination_id>/like", methods=["POST"])
@blp.doc(security=BEARER_SECURITY, parameters=[IDEMPOTENCY_HEADER])
@blp.response(200, LikeResultSchema)
@blp.alt_response(401, schema=ApiErrorSchema, description="未登录")
@blp.alt_response(403, schema=ApiErrorSchema, description="risk_rejected：账号存在安全风险")
@blp.alt_response(409, schema=ApiErrorSchema,
                  description="stage_closed / not_likeable / already_liked_today / held_for_review")
@blp.alt_response(429, schema=ApiErrorSchema, description="daily_limit_reached / too_fast（带 Retry-After）")
@blp.alt_response(503, schema=ApiErrorSchema, description="点赞服务暂时不可用")
@token_required
def like(nomination_id):
    result = likes.like(current_user_id(), nomination_id, request.remote_addr or "unknown",
                        idempotency_key=request.headers.get("Idempotency-Key"))
    # The hottest path of the API: two integers need no schema dump (LikeResultSchema documents them).
    return Response(b'{"likes":%d,"remaining_today":%d}' % (result.likes, result.remaining_today),
                    mimetype="application/json")


@blp.route("/me/likes/today")
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, TodaySchema)
@blp.alt_response(401, schema=ApiErrorSchema)
@token_required
def my_likes_today():
    return likes.today(current_user_id())


@blp.route("/leaderboard")
@blp.arguments(LeaderboardArgsSchema, location="query")
@blp.response(200, LeaderboardSchema)
def leaderboard(args):
    return {"items": likes.leaderboard(args["limit"])}


@blp.route("/nominees/<int:nomination_id>/poster")
@blp.response(200, description="分享海报（PNG）", content_type="image/png")
@blp.alt_response(404, schema=ApiErrorSchema, description="候选人不存在或未公开")
def nominee_poster(nomination_id):
    png = poster.nominee_poster(nomination_id)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "public, max-age=60"
    return response
