"""Organizations: kinds, quotas and their use, quota changes, adding, revoking representatives."""
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import ACTIVE_STATUSES, AuditEntry, Membership, Organization, User


def org(name):
    db.session.expire_all()
    return db.session.scalars(sa.select(Organization).where(Organization.name == name)).one()


def test_the_list_shows_quota_and_use(organizer_console, nominations):
    body = organizer_console.get("/console/organizations?kind=county_union").get_data(as_text=True)
    haizhou = org("海州区总工会")
    used = sum(1 for n in nominations if n.nominating_org_id == haizhou.id and n.status in ACTIVE_STATUSES)
    reps = sum(1 for m in haizhou.memberships if m.verified and m.revoked_at is None)
    row = body.split(f'data-org="{haizhou.id}"')[1].split("</tr>")[0]
    cells = dict(re.findall(r'data-col="(\w+)">\s*(\d+)', row))
    assert used > 0 and cells == {"quota": "15", "used": str(used), "left": str(15 - used), "representatives": str(reps)}
    assert "市机械制造行业协会" not in body  # filtered by kind


def test_a_quota_change_is_audited_and_blank_restores_the_default(organizer_console):
    port = org("市港航物流集团工会")
    path = f"/console/organizations/{port.id}"
    assert organizer_console.post(path, {"quota": "7", "reason": "该集团职工人数多"}).status_code == 302
    assert org("市港航物流集团工会").quota == 7
    assert organizer_console.post(path, {"quota": "101"}).status_code == 400
    organizer_console.post(path, {"quota": ""})
    assert org("市港航物流集团工会").quota is None
    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "organization.quota_changed")
                                 .order_by(AuditEntry.id)).all()
    assert [(e.data["from"], e.data["to"]) for e in entries] == [(None, 7), (7, None)]
    assert entries[0].reason == "该集团职工人数多"


def test_employers_have_no_quota(organizer_console):
    employer = org("连云港海缘数控机床有限公司")
    response = organizer_console.post(f"/console/organizations/{employer.id}", {"quota": "3"},
                                      token_from="/console/organizations")
    assert response.status_code == 409 and "用人单位不参与集中推荐" in response.get_data(as_text=True)
    assert org("连云港海缘数控机床有限公司").quota is None


def test_adding_an_organization(organizer_console):
    parent = org("东海县总工会")
    response = organizer_console.post("/console/organizations", {"name": "东海县石英制品有限公司", "kind": "employer",
                                                                 "district": "东海县", "parent_id": str(parent.id)})
    assert response.status_code == 302
    assert org("东海县石英制品有限公司").parent_id == parent.id
    duplicate = organizer_console.post("/console/organizations", {"name": "东海县石英制品有限公司", "kind": "employer"})
    assert duplicate.status_code == 400 and "已有同名组织" in duplicate.get_data(as_text=True)


def test_revoking_a_representative(organizer_console, client):
    haizhou = org("海州区总工会")
    membership = db.session.scalars(sa.select(Membership).join(Membership.user).where(
        Membership.organization_id == haizhou.id, User.openid == "dev-rep-haizhou")).one()
    path = f"/console/organizations/{haizhou.id}/representatives/{membership.id}/revoke"
    page = f"/console/organizations/{haizhou.id}"
    assert "海州区总工会联络员" in organizer_console.get(page).get_data(as_text=True)
    organizer_console.post(path, {"reason": ""}, token_from=page)
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).revoked_at is None  # a reason is required
    organizer_console.post(path, {"reason": "联络员岗位调整"}, token_from=page)
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).revoked_at is not None
    entry = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "organization.representative_revoked")).one()
    assert entry.reason == "联络员岗位调整"
    # The mini-program no longer treats the user as a representative.
    token = client.post("/api/v1/auth/login", json={"code": "dev-rep-haizhou"}).get_json()["token"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).get_json()
    assert "representative" not in me.get("roles", [])
    assert "邀请代表" in organizer_console.get(page).get_data(as_text=True)  # where the invitation QR will go
