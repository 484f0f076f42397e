"""Leads (推荐线索) from the public: the list, routing to a union or association, an invitation code for the
craftsman, conversion, dismissal."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app import bounds
from app.console.blueprint import bp
from app.console.session import client_ip, current_user, page_arg, requires
from app.extensions import db
from app.models import LEAD_STATUS_LABELS, Lead
from app.services.nominations import leads
from app.services.nominations.search import mask_mobile

PER_PAGE = 20


def _page(issued: dict | None = None, issued_lead: Lead | None = None):
    user = current_user()
    status = request.args.get("status") or None
    if status not in LEAD_STATUS_LABELS:
        status = None
    page = page_arg()
    items, total = leads.for_handlers(user, status, page, PER_PAGE)
    # Converting a lead into a centralized nomination is done as a union's or association's representative.
    own_orgs = leads.represented_handlers(user)
    return render_template("console/leads.html", items=items, total=total, page=page, per_page=PER_PAGE,
                           status=status, statuses=LEAD_STATUS_LABELS, mask=mask_mobile, own_orgs=own_orgs,
                           issued=issued, issued_lead=issued_lead, handlers=leads.handling_organizations(),
                           recommenders=leads.recommender_names(items), invitation_refusal=leads.invitation_refusal)


def _org_id() -> int:
    # Anything that cannot name a row is 0, which no organization has.
    return bounds.id_or_none(request.form.get("org_id")) or 0


@bp.get("/leads")
@requires("leads.handle")
def leads_page():
    return _page()


@bp.post("/leads/<int:lead_id>/invite")
@requires("leads.handle")
def lead_invite(lead_id: int):
    issued = leads.invite(current_user(), lead_id)
    return _page(issued=issued, issued_lead=db.session.get(Lead, lead_id))


@bp.post("/leads/<int:lead_id>/nominate")
@requires("leads.handle")
def lead_nominate(lead_id: int):
    nomination = leads.nominate(current_user(), lead_id, _org_id())
    flash(f"已将线索转为{nomination.nominating_org.name}的推荐草稿", "info")
    return redirect(url_for("console.nomination_detail", nomination_id=nomination.id))


@bp.post("/leads/<int:lead_id>/dismiss")
@requires("leads.handle")
def lead_dismiss(lead_id: int):
    lead = leads.dismiss(current_user(), lead_id, (request.form.get("note") or "").strip() or None)
    flash(f"已将“{lead.name}”的线索标记为不予采纳", "info")
    return redirect(url_for("console.leads_page"))


@bp.post("/leads/<int:lead_id>/assign")
@requires("leads.handle")
def lead_assign(lead_id: int):
    lead = leads.assign(current_user(), lead_id, _org_id() if request.form.get("org_id") else None)
    flash(f"已将“{lead.name}”的线索指派给{lead.assigned_org.name}" if lead.assigned_org
          else f"已取消“{lead.name}”线索的指派", "info")
    return redirect(url_for("console.leads_page"))


@bp.get("/leads/<int:lead_id>/contact")
@requires("leads.handle")
def lead_contact(lead_id: int):
    lead = leads.reveal_contact(current_user(), lead_id, client_ip())
    return render_template("console/_lead_contact.html", lead=lead)
