"""Schemas of the nomination API (validation and /api/openapi.json from the same declarations),
and the private view of a nomination."""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from app.api.schemas import IdField
from app.models import CHANNEL_LABELS, FILE_KINDS, STATUS_LABELS, Nomination
from app.api.security import current_user
from app.models.base import as_utc
from app.services.materials import uploads
from app.services.nominations import rules, windows


def _choice(field: str, description: str) -> fields.String:
    # The options are checked by the service (one place); listed here for the API document.
    return fields.String(allow_none=True, metadata={"description": description, "enum": list(rules.OPTIONS[field])})


class ConditionSchema(Schema):
    condition = fields.Integer(required=True, metadata={"description": "1 工艺专长, 2 高超技能, 3 引领作用, 4 岗位创新"})
    evidence = fields.String(required=True, metadata={"description": "依据，500字以内"})


class NominationChangesSchema(Schema):
    """Any subset of the form's fields; null clears a field in a draft."""

    class Meta:
        unknown = RAISE

    name = fields.String(allow_none=True, metadata={"description": "姓名"})
    gender = _choice("gender", "性别")
    political_status = _choice("political_status", "政治面貌（不公开）")
    birth_month = fields.String(allow_none=True, metadata={"description": "出生年月 YYYY-MM（不公开）"})
    education = _choice("education", "学历")
    trade = fields.String(allow_none=True, metadata={"description": "工种（专业）"})
    skill_level = _choice("skill_level", "技能等级")
    trade_since = fields.String(allow_none=True, metadata={"description": "从事本工种（专业）起始年月 YYYY-MM"})
    post = fields.String(allow_none=True, metadata={"description": "工作岗位（职务）"})
    mobile = fields.String(allow_none=True, metadata={"description": "联系方式（手机，不公开）"})
    employer_name = fields.String(allow_none=True, metadata={"description": "工作单位"})
    employer_org_id = IdField(allow_none=True, metadata={"description": "认可申报的用人单位或行业协会"})
    district = _choice("district", "所在县区或功能区")
    career = fields.String(allow_none=True, metadata={"description": "主要经历"})
    awards = fields.String(allow_none=True, metadata={"description": "何时何地受过何种奖励"})
    deeds = fields.String(allow_none=True, metadata={"description": "主要事迹，800字以内"})
    story = fields.String(allow_none=True, metadata={"description": "事迹简介，约1500字"})
    brief = fields.String(allow_none=True, metadata={"description": "简要技能业绩，100字以内（汇总表）"})
    conditions = fields.List(fields.Nested(ConditionSchema), metadata={"description": "符合的推荐条件及依据"})
    priority_chief_employee = fields.Boolean(metadata={"description": "曾获市“首席员工”称号"})
    priority_innovation_award = fields.Boolean(metadata={"description": "市以上职工科技创新成果奖主要完成人"})
    privacy_consent = fields.Boolean(metadata={"description": "同意个人信息使用说明"})


class CreateNominationSchema(Schema):
    channel = fields.String(required=True, validate=validate.OneOf(
        ["self"], error="此处只能发起个人自荐（self）；单位和社团推荐请由代表在组织下发起"))


class WithdrawSchema(Schema):
    reason = fields.String(load_default=None, validate=validate.Length(max=500, error="不能超过500个字"))


class NominationFileSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, metadata={"enum": list(FILE_KINDS)})
    kind_label = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "短期有效的签名地址"})
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)
    width = fields.Integer(allow_none=True)
    height = fields.Integer(allow_none=True)


class NominationSchema(NominationChangesSchema):
    class Meta:
        unknown = RAISE

    id = fields.Integer(required=True)
    campaign_id = fields.Integer(required=True)
    channel = fields.String(required=True, metadata={"enum": ["self", "union", "association"]})
    channel_label = fields.String(required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    nominating_org_id = fields.Integer(allow_none=True)
    nominee_claimed = fields.Boolean(required=True, metadata={"description": "被推荐人是否已关联本人账号"})
    story_published = fields.Boolean(required=True)
    files = fields.List(fields.Nested(NominationFileSchema), required=True)
    return_reason = fields.String(allow_none=True)
    resubmit_by = fields.Date(allow_none=True, metadata={
        "description": "退回补充的截止日期（活动所在时区，含当日）；单位退回时为空"})
    open_for_changes = fields.Boolean(required=True, metadata={
        "description": "现在能否修改并（重新）提交：草稿在推荐申报阶段；退回补充在截止日期前（推荐阶段结束后也可以）"})
    submitted_at = fields.DateTime(allow_none=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)


class StandingSchema(Schema):
    likes = fields.Integer(required=True, metadata={"description": "点赞数（至多 2 秒前的）"})
    rank = fields.Integer(allow_none=True, metadata={"description": "点赞排名；票数相同名次相同"})
    likeable = fields.Boolean(required=True, metadata={"description": "现在能否为其点赞（点赞开放、入围且未暂停）"})


class MyNominationSchema(NominationSchema):
    public_page = fields.Boolean(required=True, metadata={
        "description": "是否已有公开页（pages/nominee/index?id=），可以分享"})
    standing = fields.Nested(StandingSchema, allow_none=True, metadata={
        "description": "入围及当选者的点赞数与排名；其他为空"})


class StageBriefSchema(Schema):
    key = fields.String(required=True)
    name = fields.String(required=True)


class NominationListSchema(Schema):
    items = fields.List(fields.Nested(NominationSchema), required=True)


class MyNominationListSchema(Schema):
    items = fields.List(fields.Nested(MyNominationSchema), required=True)
    can_self_nominate = fields.Boolean(required=True, metadata={
        "description": "现在能否发起个人自荐：推荐申报开放，且本账号在本届活动中还没有推荐"})
    stage = fields.Nested(StageBriefSchema, allow_none=True, required=True, metadata={
        "description": "当前阶段（阶段之间为空），页面据此说明下一步"})


class RulesSchema(Schema):
    limits = fields.Dict(required=True)
    messages = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    options = fields.Dict(required=True)
    labels = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    consent_text = fields.String(required=True)


def file_view(row) -> dict:
    # The link is signed for the caller (every private view is answered to a logged-in user).
    return {"id": row.id, "kind": row.kind, "kind_label": FILE_KINDS[row.kind],
            "url": uploads.file_url(row, current_user()), "content_type": row.content_type, "size": row.size,
            "width": row.width, "height": row.height}


def private_view(n: Nomination) -> dict:
    """Everything about the nomination, for the people services.nominations.access.can_view allows."""
    month = lambda d: f"{d:%Y-%m}" if d else None  # noqa: E731
    return {
        "id": n.id, "campaign_id": n.campaign_id,
        "channel": n.channel.value, "channel_label": CHANNEL_LABELS[n.channel],
        "status": n.status, "status_label": STATUS_LABELS.get(n.status, n.status),
        "name": n.name, "gender": n.gender, "political_status": n.political_status, "birth_month": month(n.birth_month),
        "education": n.education, "trade": n.trade, "skill_level": n.skill_level,
        "trade_since": month(n.trade_since), "post": n.post, "mobile": n.mobile, "employer_name": n.employer_name,
        "employer_org_id": n.employer_org_id, "nominating_org_id": n.nominating_org_id, "district": n.district,
        "career": n.career, "awards": n.awards, "deeds": n.deeds, "story": n.story, "brief": n.brief,
        "conditions": n.conditions or [], "priority_chief_employee": n.priority_chief_employee,
        "priority_innovation_award": n.priority_innovation_award, "privacy_consent": n.privacy_consent_at is not None,
        "nominee_claimed": n.nominee_user_id is not None, "story_published": n.story_published_at is not None,
        "files": [file_view(f) for f in n.files], "return_reason": n.return_reason,
        "resubmit_by": n.resubmit_by, "open_for_changes": windows.open_for_changes(n),
        "submitted_at": as_utc(n.submitted_at), "created_at": as_utc(n.created_at), "updated_at": as_utc(n.updated_at),
    }
