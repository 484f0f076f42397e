"""Leads (推荐线索): the public recommends a craftsman; organizers and unions follow up."""
from flask import request
from marshmallow import Schema, fields, validate

from app.api.blueprint import Blueprint
from app.api.nomination_schemas import NominationSchema, private_view
from app.api.organizations import InvitationSchema
from app.api.schemas import ApiErrorSchema, IdField, PageField
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.models import LEAD_STATUS_LABELS
from app.models.base import as_utc
from app.services.nominations import leads

blp = Blueprint("leads", __name__, url_prefix="/api/v1", description="推荐线索")


class LeadInputSchema(Schema):
    name = fields.String(required=True, metadata={"description": "工匠姓名"})
    employer = fields.String(required=True, metadata={"description": "工作单位"})
    trade = fields.String(required=True, metadata={"description": "工种（专业）"})
    reason = fields.String(required=True, metadata={"description": "推荐理由，10至1000字"})
    contact = fields.String(load_default=None, metadata={"description": "联系方式（选填，仅工作人员可见）"})


class LeadSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    employer = fields.String(required=True)
    trade = fields.String(required=True)
    reason = fields.String(required=True)
    contact = fields.String(allow_none=True, metadata={
        "description": "联系方式：列表中只显示部分（如 138****1234），查看完整号码用 POST /leads/{id}/contact（留痕）"})
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    nomination_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime(required=True)


class LeadListSchema(Schema):
    items = fields.List(fields.Nested(LeadSchema), required=True)
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class LeadQuerySchema(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(list(LEAD_STATUS_LABELS)))
    page = PageField()
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class LeadNominationSchema(Schema):
    organization_id = IdField(required=True, metadata={"description": "以哪个组织的名义推荐"})


class LeadDismissSchema(Schema):
    note = fields.String(load_default=None, validate=validate.Length(max=500))


class LeadContactSchema(Schema):
    id = fields.Integer(required=True)
    contact = fields.String(allow_none=True, metadata={"description": "完整联系方式（未留为空）"})


def lead_view(lead, *, own: bool = False) -> dict:
    """A lead as JSON; the contact masked unless it is the recommender's own lead."""
    return {"id": lead.id, "name": lead.name, "employer": lead.employer, "trade": lead.trade, "reason": lead.reason,
            "contact": lead.contact if own else leads.masked_contact(lead), "status": lead.status, "status_label": LEAD_STATUS_LABELS[lead.status],
            "nomination_id": lead.nomination_id, "created_at": as_utc(lead.created_at)}


@blp.route("/leads", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(LeadInputSchema)
@blp.response(201, LeadSchema)
@blp.alt_response(429, schema=ApiErrorSchema, description="too_many_leads：今日次数已用完")
def create(body):
    return lead_view(leads.create(current_user(), body), own=True)


@blp.route("/leads")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(LeadQuerySchema, location="query")
@blp.response(200, LeadListSchema)
@blp.alt_response(403, schema=ApiErrorSchema)
def for_handlers(args):
    """Leads of the current campaign in the caller's scope (organizers: all), contacts masked."""
    items, total = leads.for_handlers(current_user(), args["status"], args["page"], args["per_page"])
    return {"items": [lead_view(lead) for lead in items], "total": total, "page": args["page"],
            "per_page": args["per_page"]}


@blp.route("/me/leads")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, LeadListSchema)
def mine():
    return {"items": [lead_view(lead, own=True) for lead in leads.mine(current_user())]}


@blp.route("/leads/<int:lead_id>/contact", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, LeadContactSchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="not_found：线索不存在或不在本组织的范围内")
def reveal_contact(lead_id):
    """The full contact of one lead in the caller's scope; each call is recorded in the audit log."""
    lead = leads.reveal_contact(current_user(), lead_id, request.remote_addr)
    return {"id": lead.id, "contact": lead.contact}, 200, {"Cache-Control": "no-store"}


@blp.route("/leads/<int:lead_id>/invitation", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(201, InvitationSchema)
@blp.alt_response(404, schema=ApiErrorSchema, description="线索不存在，或不在本组织的范围内")
@blp.alt_response(409, schema=ApiErrorSchema, description="lead_no_contact：线索没有联系方式；lead_dismissed：已不予采纳；lead_closed：已转为推荐")
def invite(lead_id):
    """An invitation code for the craftsman: claiming it starts a self-nomination prefilled from the lead."""
    return leads.invite(current_user(), lead_id)


@blp.route("/leads/<int:lead_id>/nomination", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(LeadNominationSchema)
@blp.response(201, NominationSchema)
def nominate(body, lead_id):
    return private_view(leads.nominate(current_user(), lead_id, body["organization_id"]))


@blp.route("/leads/<int:lead_id>/dismiss", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(LeadDismissSchema)
@blp.response(200, LeadSchema)
def dismiss(body, lead_id):
    return lead_view(leads.dismiss(current_user(), lead_id, body["note"]))
