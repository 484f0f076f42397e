"""Organizers check endorsements given by someone who is not a verified representative (the console
builds its pages on the same service)."""
import io

from flask import send_file
from marshmallow import Schema, fields

from app.api.blueprint import Blueprint
from app.api.endorsements import (EndorsementSchema, NomineeBriefSchema, OrganizationBriefSchema, endorsement_view,
                                  nominee_brief)
from app.api.schemas import ApiErrorSchema, file_responses
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.models.base import as_utc
from app.services.endorsement import checks as endorsement_checks

blp = Blueprint("endorsement_checks", __name__, url_prefix="/api/v1", description="单位认可核实（市总工会）")


class SignerSchema(Schema):
    user_id = fields.Integer(required=True)
    name = fields.String(allow_none=True)
    post = fields.String(allow_none=True)


class CheckItemSchema(EndorsementSchema):
    nominee = fields.Nested(NomineeBriefSchema, required=True)
    organization = fields.Nested(OrganizationBriefSchema, allow_none=True)
    signer = fields.Nested(SignerSchema, required=True)
    letter_url = fields.String(allow_none=True, metadata={"description": "盖章认可函照片（需登录）"})
    checked_at = fields.DateTime(allow_none=True)
    check_reason = fields.String(allow_none=True)


class CheckListSchema(Schema):
    items = fields.List(fields.Nested(CheckItemSchema), required=True)


class CheckSchema(Schema):
    accept = fields.Boolean(required=True, metadata={"description": "true：核实无误，认可生效；false：不予采信"})
    reason = fields.String(load_default=None, allow_none=True, metadata={"description": "不予采信时必填，500字以内"})


def check_view(endorsement) -> dict:
    org = endorsement.organization
    return {**endorsement_view(endorsement), "nominee": nominee_brief(endorsement.nomination),
            "organization": {"id": org.id, "name": org.name} if org else None,
            "signer": {"user_id": endorsement.endorser_id, "name": endorsement.signer_name,
                       "post": endorsement.signer_post},
            "letter_url": f"/api/v1/endorsement-letters/{endorsement.letter_id}" if endorsement.letter_id else None,
            "checked_at": as_utc(endorsement.checked_at), "check_reason": endorsement.check_reason}


@blp.route("/endorsement-checks")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, CheckListSchema)
@blp.alt_response(403, schema=ApiErrorSchema)
def pending():
    """Endorsements waiting for an organizer's check, oldest first."""
    return {"items": [check_view(e) for e in endorsement_checks.pending_checks(current_user())]}


@blp.route("/endorsement-checks/<int:endorsement_id>", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(CheckSchema)
@blp.response(200, CheckItemSchema)
@blp.alt_response(400, schema=ApiErrorSchema, description="不予采信须说明原因")
@blp.alt_response(403, schema=ApiErrorSchema)
@blp.alt_response(409, schema=ApiErrorSchema, description="already_checked、not_awaiting_check")
def check(body, endorsement_id):
    """Accept (the endorsement takes effect) or refuse (the nomination waits for a genuine one again); audited."""
    user = current_user()
    endorsement = endorsement_checks.load_endorsement(user, endorsement_id)
    return check_view(endorsement_checks.verify_endorsement(endorsement, user, body["accept"], body["reason"]))


@blp.route("/endorsement-letters/<int:letter_id>")
@login_required
@blp.doc(security=BEARER_SECURITY, description="盖章认可函照片：市总工会工作人员与上传人可见",
         responses=file_responses("认可函照片", "image/jpeg", "image/png", conditional=True))
@blp.alt_response(404, schema=ApiErrorSchema)
def letter(letter_id):
    row, data = endorsement_checks.open_letter(current_user(), letter_id)
    response = send_file(io.BytesIO(data), mimetype=row.content_type, etag=row.sha256, max_age=600,
                         download_name=f"letter-{row.id}.{'png' if row.content_type == 'image/png' else 'jpg'}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    return response
