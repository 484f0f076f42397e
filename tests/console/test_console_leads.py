"""Leads (推荐线索) in the console: listed with contacts masked, invitation codes, dismissal, all audited."""
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Lead, Organization
from tests.console.conftest import EXPERT


def leads():
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Lead).order_by(Lead.id)))


def test_the_list_shows_the_seeded_leads_with_contacts_masked(organizer_console):
    body = organizer_console.get("/console/leads").get_data(as_text=True)
    seeded = leads()
    assert seeded and sorted(re.findall(r'<tr data-lead="(\d+)"', body)) == sorted(str(lead.id) for lead in seeded)
    for lead in seeded:
        assert lead.name in body
        if lead.contact:
            assert lead.contact not in body and f"{lead.contact[:3]}****{lead.contact[-4:]}" in body
    dashboard = organizer_console.get("/console/dashboard").get_data(as_text=True)
    assert re.search(r'data-kpi="new_leads">(\d+)<', dashboard).group(1) == str(len(seeded))


def test_revealing_a_contact_is_logged(organizer_console):
    lead = next(lead for lead in leads() if lead.contact)
    body = organizer_console.get(f"/console/leads/{lead.id}/contact", headers={"HX-Request": "true"}).get_data(
        as_text=True)
    assert lead.contact in body
    assert db.session.scalars(sa.select(AuditEntry.target_id).where(AuditEntry.action == "lead.contact_viewed")
                              ).all() == [str(lead.id)]


def test_an_invitation_code_for_the_craftsman(organizer_console, client):
    lead = leads()[0]
    response = organizer_console.post(f"/console/leads/{lead.id}/invite", token_from="/console/leads")
    body = response.get_data(as_text=True)
    code = re.search(r'id="invitation-code">([A-Z0-9]+)<', body).group(1)
    assert response.status_code == 200 and len(code) == 8
    assert leads()[0].status == "invited"
    assert db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "lead")).all() == [
        "lead.invited"]
    # The craftsman claims the code in the mini-program: a self-nomination draft prefilled from the lead.
    token = client.post("/api/v1/auth/login", json={"code": "dev-craftsman"}).get_json()["token"]
    claimed = client.post("/api/v1/invitations/claim", json={"code": code},
                          headers={"Authorization": f"Bearer {token}"})
    assert claimed.status_code in (200, 201), claimed.get_json()
    assert claimed.get_json()["name"] == lead.name


def test_dismissing_a_lead_records_the_reason(organizer_console):
    lead = leads()[1]
    organizer_console.post(f"/console/leads/{lead.id}/dismiss", {"note": "非本市企业职工"}, token_from="/console/leads")
    assert leads()[1].status == "dismissed" and leads()[1].handling_note == "非本市企业职工"
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "lead.dismissed")).one()
    assert entry.reason == "非本市企业职工"
    listed = organizer_console.get("/console/leads?status=dismissed").get_data(as_text=True)
    assert re.findall(r'<tr data-lead="(\d+)"', listed) == [str(lead.id)]


def test_converting_needs_a_union_or_association_representative(organizer_console):
    lead = leads()[2]
    union = db.session.scalars(sa.select(Organization).where(Organization.name == "海州区总工会")).one()
    refused = organizer_console.post(f"/console/leads/{lead.id}/nominate", {"org_id": str(union.id)},
                                     token_from="/console/leads")
    assert refused.status_code == 403 and leads()[2].status == "new"


def test_experts_do_not_see_leads(console):
    console.login(EXPERT)
    assert console.get("/console/leads").status_code == 403


def test_organizers_assign_a_lead_to_a_union_or_association(organizer_console):
    lead = leads()[0]
    association = db.session.scalars(sa.select(Organization).where(Organization.kind == "association")).first()
    employer = db.session.scalars(sa.select(Organization).where(Organization.kind == "employer")).first()
    assigned = organizer_console.post(f"/console/leads/{lead.id}/assign", {"org_id": str(association.id)},
                                      token_from="/console/leads")
    assert assigned.status_code == 302 and leads()[0].assigned_org_id == association.id
    page = organizer_console.get("/console/leads").get_data(as_text=True)
    assert f'<option value="{association.id}" selected>{association.name}</option>' in page
    # Only unions and associations follow leads up; a bogus or huge id changes nothing.
    for bad in (str(employer.id), "9223372036854775808", "²"):
        refused = organizer_console.post(f"/console/leads/{lead.id}/assign", {"org_id": bad},
                                         token_from="/console/leads")
        assert refused.status_code in (302, 400) and leads()[0].assigned_org_id == association.id, bad
    organizer_console.post(f"/console/leads/{lead.id}/assign", {"org_id": ""}, token_from="/console/leads")
    assert leads()[0].assigned_org_id is None
    assert db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "lead")
                              .order_by(AuditEntry.id)).all() == ["lead.assigned", "lead.assigned"]


def test_no_invitation_code_for_a_lead_without_contact_or_a_dismissed_lead(organizer_console):
    """The rule is the service's: a code only reaches the craftsman through the lead's contact."""
    silent = next(lead for lead in leads() if not lead.contact)
    response = organizer_console.post(f"/console/leads/{silent.id}/invite", token_from="/console/leads",
                                      follow_redirects=True)
    assert "没有留联系方式" in response.get_data(as_text=True)
    dismissed = next(lead for lead in leads() if lead.contact)
    organizer_console.post(f"/console/leads/{dismissed.id}/dismiss", {"note": "重复"}, token_from="/console/leads")
    response = organizer_console.post(f"/console/leads/{dismissed.id}/invite", token_from="/console/leads",
                                      follow_redirects=True)
    assert "已不予采纳" in response.get_data(as_text=True)
    assert {lead.status for lead in leads() if lead.id in (silent.id, dismissed.id)} == {"new", "dismissed"}
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "lead.invited")) == 0
