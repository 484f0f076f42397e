"""Who may see and change a nomination follows the current membership and the stage, on every request."""
import pytest

from app.models import OrganizationKind
from tests.factories.endorsement import make_organizer
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, form,  # noqa: F401
                                         jpeg_bytes, make_org, make_representative, set_stage, upload, user_named)


def test_a_revoked_representative_no_longer_reads_what_they_filed(client, login, campaign):
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    nomination_id = complete_org_draft(client, rep, org_id, 0)
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=rep).status_code == 200
    assert client.get(f"/api/v1/nominations/{nomination_id}", headers=rep).get_json()["mobile"] == "13805180000"

    organizer = make_organizer(login)
    revoked = client.post(f"/api/v1/organizations/{org_id}/representatives/{user_named('rep-haizhou').id}/revoke",
                          json={"reason": "已调离工会岗位"}, headers=organizer)
    assert revoked.status_code == 200, revoked.get_json()

    read = client.get(f"/api/v1/nominations/{nomination_id}", headers=rep)
    assert read.status_code == 404 and "13805180000" not in read.get_data(as_text=True)
    assert client.get(f"/api/v1/nominations/{nomination_id}/form.docx", headers=rep).status_code == 404
    listed = client.get("/api/v1/me/nominations", headers=rep).get_json()["items"]
    assert listed == []
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "班长"}, headers=rep).status_code == 404
    # Organizers still see it.
    assert client.get(f"/api/v1/nominations/{nomination_id}", headers=organizer).status_code == 200


def test_the_nominee_keeps_access_to_their_own_nomination(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    assert client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).status_code == 200
    assert client.get(f"/api/v1/nominations/{nomination_id}/form.docx", headers=alice).status_code == 200
    assert [n["id"] for n in client.get("/api/v1/me/nominations", headers=alice).get_json()["items"]] == [
        nomination_id]


@pytest.mark.parametrize("stage", ["review", "promotion"])
def test_drafts_are_not_changed_outside_the_nomination_stage(client, login, campaign, stage):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice, post=None)
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    set_stage(stage)

    changed = client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "车间主任"}, headers=alice)
    assert changed.status_code == 409 and changed.get_json()["error"]["code"] == "stage_closed"
    attached = upload(client, alice, nomination_id, "certificate", jpeg_bytes(), "more.jpg", "image/jpeg")
    assert attached.status_code == 409 and attached.get_json()["error"]["code"] == "stage_closed"
    created = client.post(f"/api/v1/organizations/{org_id}/nominations", json=form(3), headers=rep)
    assert created.status_code == 409 and created.get_json()["error"]["code"] == "stage_closed"
    assert client.post("/api/v1/nominations", json={"channel": "self"}, headers=login("bob")).status_code == 409
    submitted = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert submitted.status_code == 409 and submitted.get_json()["error"]["code"] == "stage_closed"
    assert client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()["post"] is None
