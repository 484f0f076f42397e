"""Organization representatives: organizers invite (a QR code) and revoke; the person who scans accepts."""
from marshmallow import Schema, fields

from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.models.base import as_utc
from app.services.organizations import representatives

blp = Blueprint("representatives", __name__, url_prefix="/api/v1", description="组织代表")


class OrganizationViewSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)


class RepresentativeInvitationSchema(Schema):
    token = fields.String(required=True, metadata={"description": "只显示这一次"})
    path = fields.String(required=True, metadata={"description": "小程序页面路径（含 token）"})
    link = fields.String(required=True, metadata={"description": "普通二维码中的链接"})
    expires_at = fields.DateTime(required=True)
    organization = fields.Nested(OrganizationViewSchema, required=True)
    qr_png = fields.String(required=True, metadata={"description": "data:image/png;base64,… 可直接显示或打印"})


class RepresentativeInvitationSummarySchema(Schema):
    organization = fields.Nested(OrganizationViewSchema, required=True)
    expires_at = fields.DateTime(required=True)
    already_representative = fields.Boolean(required=True)


class AcceptSchema(Schema):
    name = fields.String(load_default=None, allow_none=True, metadata={"description": "可选：真实姓名，便于市总工会联系"})


class RepresentativeSchema(Schema):
    membership_id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    name = fields.String(allow_none=True)
    organization_id = fields.Integer(required=True)
    active = fields.Boolean(required=True)
    verified_at = fields.DateTime(allow_none=True)
    revoked_at = fields.DateTime(allow_none=True)


class RepresentativeListSchema(Schema):
    items = fields.List(fields.Nested(RepresentativeSchema), required=True)


class RevokeSchema(Schema):
    reason = fields.String(required=True, metadata={"description": "撤销原因，500字以内（记入审计日志）"})


def representative_view(membership) -> dict:
    return {"membership_id": membership.id, "user_id": membership.user_id, "name": membership.user.nickname,
            "organization_id": membership.organization_id, "active": membership.active,
            "verified_at": as_utc(membership.verified_at), "revoked_at": as_utc(membership.revoked_at)}


@blp.route("/organizations/<int:org_id>/representative-invitations", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(201, RepresentativeInvitationSchema)
@blp.alt_response(403, schema=ApiErrorSchema, description="不是市总工会工作人员")
def invite(org_id):
    """An invitation QR for the organization (organizers); a new one makes the earlier unused one stop working."""
    return representatives.invite(current_user(), org_id)


@blp.route("/representative-invitations/<token>")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, RepresentativeInvitationSummarySchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="token_invalid：邀请二维码无效")
@blp.alt_response(409, schema=ApiErrorSchema, description="token_used：已使用")
@blp.alt_response(410, schema=ApiErrorSchema, description="token_expired：已过期；token_revoked：已作废（已重新生成）")
def read(token):
    return representatives.describe(current_user(), token)


@blp.route("/representative-invitations/<token>", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(AcceptSchema)
@blp.response(200, RepresentativeSchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="token_invalid：邀请二维码无效")
@blp.alt_response(409, schema=ApiErrorSchema, description="token_used：已使用；already_representative：已是该单位代表")
@blp.alt_response(410, schema=ApiErrorSchema, description="token_expired：已过期；token_revoked：已作废（已重新生成）")
def accept(body, token):
    """I accept: I become a verified representative of the organization."""
    return representative_view(representatives.accept(current_user(), token, body["name"]))


@blp.route("/organizations/<int:org_id>/representatives")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, RepresentativeListSchema)
@blp.alt_response(403, schema=ApiErrorSchema)
def list_representatives(org_id):
    return {"items": [representative_view(m) for m in representatives.of_organization(current_user(), org_id)]}


@blp.route("/organizations/<int:org_id>/representatives/<int:user_id>/revoke", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(RevokeSchema)
@blp.response(200, RepresentativeSchema)
@blp.alt_response(403, schema=ApiErrorSchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="not_representative")
def revoke(body, org_id, user_id):
    """The person no longer represents the organization (organizers; audited, the person is told)."""
    return representative_view(representatives.revoke(current_user(), org_id, user_id, body["reason"]))
