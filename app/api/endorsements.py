"""Endorsement by QR code: the nominee's QR image, what the scanner sees, the sealed letter, the decision,
and the requests an organization's representatives follow."""
from flask import make_response
from marshmallow import Schema, fields

from app.api.blueprint import FilesBlueprint
from app.api.schemas import ApiErrorSchema, IdField, file_responses
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.models import DECISION_LABELS, ENDORSEMENT_STATUS_LABELS, STATUS_LABELS
from app.models.base import as_utc
from app.services.endorsement import checks, decisions

# The multipart parser of the materials reads the letter's file part; JSON bodies parse as usual.
blp = FilesBlueprint("endorsements", __name__, url_prefix="/api/v1", description="单位扫码认可")

PNG_RESPONSE = file_responses("认可二维码（PNG）；响应头 X-Endorsement-Expires-At 为失效时间", "image/png")


def token_refusals(view):
    """The answers of a code that cannot be used, each under its own status (the scanner is told which)."""
    view = blp.alt_response(404, schema=ApiErrorSchema, description="token_invalid：认可码无效")(view)
    view = blp.alt_response(409, schema=ApiErrorSchema, description=(
        "token_used：认可码已使用；not_awaiting_endorsement：该申报当前不需要单位认可"))(view)
    view = blp.alt_response(410, schema=ApiErrorSchema,
                            description="token_expired：已过期；token_revoked：已作废（已生成新码）")(view)
    return blp.alt_response(403, schema=ApiErrorSchema, description="不能认可本人的申报")(view)


class NomineeBriefSchema(Schema):
    name = fields.String(required=True)
    employer_name = fields.String(allow_none=True)
    trade = fields.String(allow_none=True)
    post = fields.String(allow_none=True)


class OrganizationBriefSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)


class EndorsementSummarySchema(Schema):
    nomination_id = fields.Integer(required=True)
    nominee = fields.Nested(NomineeBriefSchema, required=True)
    organization = fields.Nested(OrganizationBriefSchema, allow_none=True,
                                 metadata={"description": "申报所填的用人单位或行业协会；未登记时为 null"})
    can_endorse_directly = fields.Boolean(required=True, metadata={
        "description": "扫码人是该组织经过核实的代表：直接认可；否则须填写姓名、职务并上传盖章认可函，待市总工会核实"})
    expires_at = fields.DateTime(required=True)


class EndorseSchema(Schema):
    decision = fields.String(required=True, metadata={"enum": ["confirm", "decline"]})
    comment = fields.String(load_default=None, allow_none=True, metadata={"description": "意见；不予认可时必填，500字以内"})
    signer_name = fields.String(load_default=None, allow_none=True, metadata={"description": "非代表扫码时必填"})
    signer_post = fields.String(load_default=None, allow_none=True, metadata={"description": "非代表扫码时必填"})
    letter_file_id = IdField(load_default=None, allow_none=True,
                                    metadata={"description": "POST /endorsements/{token}/letter 返回的 id；非代表扫码时必填"})
    nomination_id = IdField(load_default=None, allow_none=True,
                                   metadata={"description": "可选：扫码人看到的申报 id，与认可码不符时拒绝"})


class EndorsementSchema(Schema):
    id = fields.Integer(required=True)
    nomination_id = fields.Integer(required=True)
    decision = fields.String(required=True)
    decision_label = fields.String(required=True)
    comment = fields.String(allow_none=True)
    verified = fields.Boolean(required=True, metadata={"description": "已生效（代表直接认可或已核实）"})
    direct = fields.Boolean(required=True)
    status = fields.String(required=True, metadata={"enum": list(ENDORSEMENT_STATUS_LABELS)})
    status_label = fields.String(required=True)
    nomination_status = fields.String(required=True)
    nomination_status_label = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class LetterSchema(Schema):
    id = fields.Integer(required=True)
    content_type = fields.String(required=True)
    size = fields.Integer(required=True)
    width = fields.Integer(allow_none=True)
    height = fields.Integer(allow_none=True)


class LetterUploadSchema(Schema):
    file = fields.Raw(required=True, metadata={"type": "string", "format": "binary",
                                                "description": "加盖单位公章的认可函照片（JPEG/PNG）"})


class RequestSchema(Schema):
    id = fields.Integer(required=True, metadata={"description": "申报 id"})
    nominee = fields.Nested(NomineeBriefSchema, required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    waiting = fields.Boolean(required=True, metadata={"description": "仍在等待本单位认可或核实"})
    created_at = fields.DateTime(allow_none=True, metadata={"description": "提交（请求认可）的时间"})
    endorsement = fields.Nested(EndorsementSchema, allow_none=True)


class RequestListSchema(Schema):
    items = fields.List(fields.Nested(RequestSchema), required=True)


def nominee_brief(nomination) -> dict:
    return {"name": nomination.name, "employer_name": nomination.employer_name, "trade": nomination.trade,
            "post": nomination.post}


def endorsement_view(endorsement) -> dict:
    nomination = endorsement.nomination
    return {"id": endorsement.id, "nomination_id": nomination.id, "decision": endorsement.decision,
            "decision_label": DECISION_LABELS[endorsement.decision], "comment": endorsement.comment,
            "verified": endorsement.verified, "direct": endorsement.direct, "status": endorsement.status,
            "status_label": ENDORSEMENT_STATUS_LABELS[endorsement.status],
            "nomination_status": nomination.status, "nomination_status_label": STATUS_LABELS[nomination.status],
            "created_at": as_utc(endorsement.created_at)}


@blp.route("/nominations/<int:nomination_id>/endorsement-qr")
@login_required
@blp.doc(security=BEARER_SECURITY, responses=PNG_RESPONSE,
         description="被推荐人本人获取认可二维码；每次获取都生成新码，旧码随即作废")
@blp.alt_response(403, schema=ApiErrorSchema, description="不是被推荐人本人")
@blp.alt_response(409, schema=ApiErrorSchema, description="not_awaiting_endorsement：当前不需要单位认可")
@blp.alt_response(429, schema=ApiErrorSchema, description="生成过于频繁")
def endorsement_qr(nomination_id):
    png, expires_at = decisions.issue_code(current_user(), nomination_id)
    response = make_response(png)
    response.mimetype = "image/png"
    response.headers["X-Endorsement-Expires-At"] = expires_at.isoformat()
    response.headers["Cache-Control"] = "no-store"
    return response


@blp.route("/endorsements/<token>")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, EndorsementSummarySchema)
@token_refusals
def read(token):
    """What the scanner sees: the nominee in brief (nothing private) and whether they endorse directly."""
    return decisions.summary(current_user(), token)


@blp.route("/endorsements/<token>", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(EndorseSchema)
@blp.response(200, EndorsementSchema)
@blp.alt_response(400, schema=ApiErrorSchema, description="details.fields 逐项说明")
@token_refusals
def endorse(body, token):
    """Confirm or decline; a verified representative's decision takes effect at once, anyone else's waits
    for the city union's check."""
    return endorsement_view(decisions.endorse(current_user(), token, body))


@blp.route("/endorsements/<token>/letter", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(LetterUploadSchema, location="files")
@blp.response(201, LetterSchema)
@token_refusals
@blp.alt_response(413, schema=ApiErrorSchema, description="文件过大")
@blp.alt_response(415, schema=ApiErrorSchema, description="不是 JPEG/PNG 照片")
def upload_letter(body, token):
    """The photo of the letter with the unit's seal, sent before the decision by someone who is not a
    verified representative."""
    return decisions.attach_letter(current_user(), token, body["file"].read())


@blp.route("/organizations/<int:org_id>/endorsement-requests")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, RequestListSchema)
@blp.alt_response(403, schema=ApiErrorSchema, description="不是该组织经过核实的代表")
def requests(org_id):
    """Self-nominations that name my organization, the ones waiting first, each with its latest endorsement."""
    return {"items": [
        {"id": n.id, "nominee": nominee_brief(n), "status": n.status, "status_label": STATUS_LABELS[n.status],
         "waiting": n.status in checks.WAITING_STATUSES, "created_at": as_utc(n.submitted_at),
         "endorsement": endorsement_view(e) if e else None}
        for n, e in checks.requests_of(current_user(), org_id)]}
