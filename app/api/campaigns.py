"""GET /api/v1/campaigns/current: the campaign, its stage, what is open, the timeline, the like rules, the
countdowns; GET /api/v1/campaigns/current/totals: nominees, likes and participants (counts only)."""
from marshmallow import Schema, fields

from app.api import public_reads
from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema
from app.models.campaign import STAGE_SWITCHES
from app.services import public_cache
from app.services.campaigns import calendar, stages
from app.services.overview import countdowns, totals

blp = Blueprint("campaigns", __name__, url_prefix="/api/v1/campaigns", description="活动与阶段")


class StageSchema(Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


class TimelineEntrySchema(StageSchema):
    status = fields.String(required=True, metadata={"description": "done / current / upcoming"})
    switches = fields.Dict(keys=fields.String(), values=fields.Boolean())


class CampaignSchema(Schema):
    id = fields.Integer(required=True)
    year = fields.Integer(required=True)
    title = fields.String(required=True)
    timezone = fields.String(required=True)


class LikeRulesSchema(Schema):
    per_nominee_per_day = fields.Integer(required=True)
    per_user_per_day = fields.Integer(required=True)
    timezone = fields.String(required=True, metadata={"description": "days reset at midnight in this zone"})


class CountdownSchema(Schema):
    key = fields.String(required=True, metadata={"description": "stage（本阶段结束）/ notice（公示开始或结束）"})
    label = fields.String(required=True, metadata={"description": "如“距技能推介阶段结束”"})
    ends_at = fields.DateTime(required=True, metadata={"description": "倒计时的终点（含时区）"})


class TotalsSchema(Schema):
    nominees = fields.Integer(required=True, metadata={"description": "公开的被推荐人数"})
    likes = fields.Integer(required=True, metadata={"description": "点赞总数（与排行榜一致）"})
    participants = fields.Integer(required=True, metadata={"description": "参与人数：点赞、推荐或提供线索的人（去重）"})


class CurrentCampaignSchema(Schema):
    campaign = fields.Nested(CampaignSchema, required=True)
    today = fields.Date(required=True)
    phase = fields.String(required=True, metadata={"description": "before / in_stage / between / after"})
    overridden = fields.Boolean(required=True)
    stage = fields.Nested(StageSchema, allow_none=True)
    open = fields.Dict(keys=fields.String(), values=fields.Boolean(), required=True)
    timeline = fields.List(fields.Nested(TimelineEntrySchema), required=True)
    like_rules = fields.Nested(LikeRulesSchema, required=True)
    selection = fields.Dict(required=True)
    prizes_yuan = fields.Dict(required=True)
    countdowns = fields.List(fields.Nested(CountdownSchema), required=True,
                             metadata={"description": "本阶段结束、公示开始或结束的倒计时，最近的在前；阶段按日期之外手动切换时不含本阶段"})
    opens_on = fields.Dict(keys=fields.String(), values=fields.Date(allow_none=True), required=True,
                           metadata={"description": "未开放的操作下一次开放的日期（如 likes：点赞开始日期）；已开放或不再开放为 null"})


def _stage_dict(stage):
    return {"key": stage.key, "name": stage.name, "starts_on": stage.starts_on, "ends_on": stage.ends_on}


@blp.route("/current")
@blp.response(200, CurrentCampaignSchema)
@blp.alt_response(304, **public_reads.NOT_MODIFIED)
@blp.alt_response(404, schema=ApiErrorSchema, description="尚未创建活动")
@blp.doc(description="由共享缓存提供：带 ETag 与 Cache-Control: public, max-age=5（带 Authorization 时为 no-store），"
                     "If-None-Match 相同时答 304；阶段切换（手动或按日期）后的下一次读取即可见。")
def current():
    return public_reads.respond(lambda campaign: public_cache.Built(
        public_reads.encode(CurrentCampaignSchema(), _current(campaign)), shows_likes=False))


def _current(campaign) -> dict:
    state = stages.stage_state(campaign)
    return {
        "campaign": campaign,
        "today": state.today,
        "phase": state.phase,
        "overridden": state.overridden,
        "stage": _stage_dict(state.stage) if state.stage else None,
        "open": stages.open_flags(campaign),
        "timeline": [
            {**_stage_dict(row["stage"]), "status": row["status"],
             "switches": {s.removesuffix("_open"): getattr(row["stage"], s) for s in STAGE_SWITCHES}}
            for row in stages.timeline(campaign)
        ],
        "like_rules": {"per_nominee_per_day": campaign.likes_per_nominee_per_day,
                       "per_user_per_day": campaign.likes_per_user_per_day, "timezone": campaign.timezone},
        "selection": {"finalists": campaign.finalist_count, "top_winners": campaign.top_winner_count,
                      "winners": campaign.winner_count},
        "prizes_yuan": {"top_winner": campaign.prize_top_yuan, "winner": campaign.prize_winner_yuan},
        "countdowns": countdowns.countdowns(campaign),
        "opens_on": {action: calendar.opens_on(campaign, action) for action in stages.ACTIONS},
    }


@blp.route("/current/totals")
@blp.response(200, TotalsSchema)
@blp.alt_response(304, **public_reads.NOT_MODIFIED)
@blp.alt_response(404, schema=ApiErrorSchema, description="尚未创建活动")
@blp.doc(description="由共享缓存提供：带 ETag 与 Cache-Control: public, max-age=5（带 Authorization 时为 no-store），"
                     "If-None-Match 相同时答 304；数字至多 2 秒前的（参与人数中的点赞以入账为准）。")
def current_totals():
    return public_reads.respond(lambda campaign: public_cache.Built(
        public_reads.encode(TotalsSchema(), totals.totals(campaign)), shows_likes=True))
