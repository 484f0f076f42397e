"""Results (评选结果公示) and objections (异议): the public notice, a real-name objection, the objector's own list."""
from marshmallow import Schema, fields, validate

from app.api import public_reads
from app.api.blueprint import Blueprint, FilesBlueprint
from app.api.schemas import ApiErrorSchema, IdField
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.models import OBJECTION_RELATIONS, OBJECTION_STATUS_LABELS
from app.models.base import as_utc
from app.services import public_cache
from app.services.campaigns import stages
from app.services.results import notice, objections

blp = Blueprint("results", __name__, url_prefix="/api/v1", description="评选结果公示与异议")
files_blp = FilesBlueprint("objection_files", __name__, url_prefix="/api/v1", description="异议证明材料")


class ResultPersonSchema(Schema):
    nomination_id = fields.Integer(required=True)
    name = fields.String(required=True)
    employer = fields.String(allow_none=True, metadata={"description": "工作单位"})
    trade = fields.String(allow_none=True, metadata={"description": "工种（专业）"})
    title = fields.String(required=True, metadata={"description": "当选称号：港城十大工匠 / 港城工匠"})
    group = fields.String(required=True, metadata={"description": "top_winner / winner"})
    promoted = fields.Boolean(required=True, metadata={"description": "是否为递补当选"})


class ResultChangeSchema(Schema):
    date = fields.Date(required=True)
    note = fields.String(required=True, metadata={"description": "变更说明（取消资格与递补）"})


class ResultsSchema(Schema):
    campaign_year = fields.Integer(required=True)
    published = fields.Boolean(required=True, metadata={"description": "是否已公示；未公示时名单为空"})
    state = fields.String(required=True, metadata={"description": "unpublished / upcoming / open / closed"})
    state_label = fields.String(required=True)
    starts_on = fields.Date(allow_none=True, metadata={"description": "公示开始日期"})
    ends_on = fields.Date(allow_none=True, metadata={"description": "公示结束日期（含）"})
    working_days = fields.Integer(allow_none=True, metadata={"description": "公示期（工作日）"})
    top_winners = fields.List(fields.Nested(ResultPersonSchema), required=True)
    winners = fields.List(fields.Nested(ResultPersonSchema), required=True)
    changes = fields.List(fields.Nested(ResultChangeSchema), required=True)


class ObjectionInputSchema(Schema):
    nomination_id = IdField(required=True, metadata={"description": "被异议的公示对象"})
    real_name = fields.String(required=True, validate=validate.Length(max=100), metadata={"description": "真实姓名"})
    mobile = fields.String(required=True, validate=validate.Length(max=40), metadata={"description": "手机号码"})
    relation = fields.String(required=True, validate=validate.OneOf(
        list(OBJECTION_RELATIONS), error="与被公示人的关系应为 " + "、".join(OBJECTION_RELATIONS)),
        metadata={"description": "与被公示人的关系：" + "，".join(f"{k} {v}" for k, v in OBJECTION_RELATIONS.items())})
    content = fields.String(required=True, validate=validate.Length(max=5000), metadata={"description": "异议内容，10至2000字"})


class ObjectionSchema(Schema):
    id = fields.Integer(required=True)
    nomination_id = fields.Integer(required=True)
    nominee = fields.String(required=True)
    relation = fields.String(required=True)
    relation_label = fields.String(required=True)
    content = fields.String(required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    answer_reason = fields.String(allow_none=True, metadata={"description": "答复理由（已答复时）"})
    evidence_count = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    answered_at = fields.DateTime(allow_none=True)


class ObjectionListSchema(Schema):
    items = fields.List(fields.Nested(ObjectionSchema), required=True)


class EvidenceUploadSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary",
                                                "description": "JPEG/PNG 照片或 PDF 文件"})


class EvidenceSchema(Schema):
    id = fields.Integer(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)


def objection_view(objection) -> dict:
    """The objector's own objection (the mobile is not repeated; organizers' notes are never shown)."""
    answered = objection.status in ("upheld", "not_upheld")
    return {"id": objection.id, "nomination_id": objection.nomination_id, "nominee": objection.nomination.name,
            "relation": objection.relation, "relation_label": OBJECTION_RELATIONS[objection.relation],
            "content": objection.content, "status": objection.status,
            "status_label": OBJECTION_STATUS_LABELS[objection.status],
            "answer_reason": objection.answer_reason if answered else None,
            "evidence_count": sum(1 for f in objection.files if f.role == "evidence"),
            "created_at": as_utc(objection.created_at), "answered_at": as_utc(objection.answered_at)}


@blp.route("/results")
@blp.response(200, ResultsSchema)
@blp.alt_response(304, **public_reads.NOT_MODIFIED)
@blp.alt_response(404, schema=ApiErrorSchema, description="not_found：没有活动")
@blp.doc(description="由共享缓存提供：带 ETag 与 Cache-Control: public, max-age=5（带 Authorization 时为 no-store），"
                     "If-None-Match 相同时答 304；确认、公示、取消资格与递补后的下一次读取即可见。")
def results():
    """The published results: public fields only (name, employer, trade, title, group), the window and any changes."""
    return public_reads.respond(lambda campaign: public_cache.Built(
        public_reads.encode(ResultsSchema(), notice.public_results(campaign)), shows_likes=False))


@blp.route("/objections", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(ObjectionInputSchema)
@blp.response(201, ObjectionSchema)
@blp.alt_response(409, schema=ApiErrorSchema, description="notice_not_open：尚未公示；notice_closed：公示期已结束；objections_paused：组织方暂停受理")
@blp.alt_response(400, schema=ApiErrorSchema, description="validation_error：姓名、手机号、关系、内容或公示对象有误（details.fields 逐项说明）")
@blp.alt_response(429, schema=ApiErrorSchema, description="too_many_objections：今日异议次数已用完")
@blp.alt_response(503, schema=ApiErrorSchema, description="content_check_unavailable：内容安全检查暂不可用")
def create(body):
    """File a real-name objection to a person on the notice. Never public; the objector is told the answer."""
    return objection_view(objections.create(current_user(), body))


@blp.route("/me/objections")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, ObjectionListSchema)
def mine():
    return {"items": [objection_view(o) for o in objections.mine(current_user())]}


@files_blp.route("/objections/<int:objection_id>/files", methods=["POST"])
@login_required
@files_blp.doc(security=BEARER_SECURITY)
@files_blp.arguments(EvidenceUploadSchema, location="files")
@files_blp.response(201, EvidenceSchema)
@files_blp.alt_response(400, schema=ApiErrorSchema, description="validation_error：未选择文件；文件损坏、夹带其他内容、像素过大")
@files_blp.alt_response(404, schema=ApiErrorSchema, description="not_found：异议不存在或不是本人提交")
@files_blp.alt_response(409, schema=ApiErrorSchema, description="too_many_files：证明材料已满；notice_closed：公示期已结束")
@files_blp.alt_response(413, schema=ApiErrorSchema, description="文件过大")
@files_blp.alt_response(415, schema=ApiErrorSchema, description="文件类型不支持")
def upload(body, objection_id):
    """Add an evidence photo or PDF to one's own objection while the notice is open."""
    upload_file = body["file"]
    row = objections.attach_evidence(current_user(), objection_id, upload_file.filename, upload_file.read())
    return {"id": row.id, "content_type": row.content_type, "size": row.size}
