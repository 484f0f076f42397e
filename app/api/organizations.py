"""Representatives of unions and associations: their organizations and quotas, centralized nominations,
the summary table (attachment 2), and invitations for the nominated workers."""
import io

from flask import send_file
from marshmallow import Schema, fields

from app.api.blueprint import Blueprint
from app.api.nomination_schemas import NominationChangesSchema, NominationListSchema, NominationSchema, private_view
from app.api.schemas import XLSX_TYPE, ApiErrorSchema, file_responses
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.services.campaigns import stages
from app.services.exports import form_downloads
from app.services.materials import downloads
from app.services.nominations import invitations, quotas, submission

blp = Blueprint("organizations", __name__, url_prefix="/api/v1", description="单位与社团集中推荐")


class MyOrganizationSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    kind_label = fields.String(required=True)
    quota = fields.Integer(allow_none=True, metadata={"description": "集中推荐名额；用人单位为 null"})
    used = fields.Integer(required=True, metadata={"description": "已提交（占用名额）的推荐数"})
    left = fields.Integer(allow_none=True)
    drafts = fields.Integer(required=True)
    can_nominate = fields.Boolean(required=True)
    nominates = fields.Boolean(required=True, metadata={
        "description": "工会、行业协会：在名额内集中推荐（名额用完时仍为 true，can_nominate 说明现在能否推荐）"})
    endorses = fields.Boolean(required=True, metadata={
        "description": "用人单位、行业协会：职工自荐时可选为认可单位，扫码认可（见 endorsement-requests）"})


class MyOrganizationListSchema(Schema):
    items = fields.List(fields.Nested(MyOrganizationSchema), required=True)


class InvitationSchema(Schema):
    code = fields.String(required=True, metadata={"description": "交给被推荐人的邀请码（只显示这一次）"})
    path = fields.String(required=True, metadata={"description": "小程序页面路径"})
    expires_at = fields.DateTime(required=True)


class ClaimSchema(Schema):
    code = fields.String(required=True)


@blp.route("/organizations/mine")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, MyOrganizationListSchema)
def mine():
    """The organizations I represent, with the quota used and left."""
    return {"items": quotas.my_organizations(current_user(), stages.current_campaign())}


@blp.route("/organizations/<int:org_id>/nominations", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(NominationChangesSchema)
@blp.response(201, NominationSchema)
@blp.alt_response(403, schema=ApiErrorSchema, description="不是该组织经过核实的代表，或用人单位")
def create(changes, org_id):
    """Start a centralized nomination (draft); the channel follows the organization's kind."""
    return private_view(submission.create_org_draft(current_user(), org_id, changes))


@blp.route("/organizations/<int:org_id>/nominations")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, NominationListSchema)
def list_nominations(org_id):
    return {"items": [private_view(n) for n in submission.of_organization(current_user(), org_id)]}


@blp.route("/organizations/<int:org_id>/summary.xlsx")
@login_required
@blp.doc(security=BEARER_SECURITY, description="附件2《推荐人员汇总表》（Excel）",
         responses=file_responses("推荐人员汇总表（.xlsx）", XLSX_TYPE))
@blp.alt_response(403, schema=ApiErrorSchema)
def summary_xlsx(org_id):
    filename, ascii_name, mimetype, data = form_downloads.summary_of(current_user(), org_id)
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Content-Disposition"] = downloads.content_disposition(filename, ascii_name)
    return response


@blp.route("/nominations/<int:nomination_id>/invitation", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(201, InvitationSchema)
@blp.alt_response(409, schema=ApiErrorSchema, description="被推荐人已关联账号")
def invite(nomination_id):
    """An invitation code for the nominated worker to check and complete their data (a new code revokes the old)."""
    return invitations.invite_nominee(current_user(), nomination_id)


@blp.route("/invitations/claim", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(ClaimSchema)
@blp.response(200, NominationSchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="邀请码无效")
@blp.alt_response(409, schema=ApiErrorSchema, description="已被使用")
@blp.alt_response(410, schema=ApiErrorSchema, description="invitation_expired：已过期；invitation_revoked：已作废（推荐单位重新生成了邀请码）")
@blp.alt_response(429, schema=ApiErrorSchema, description="输错次数过多")
def claim(body):
    """My account claims an invitation code: the nomination (or a prefilled self-nomination) becomes mine."""
    return private_view(invitations.claim(current_user(), body["code"]))
