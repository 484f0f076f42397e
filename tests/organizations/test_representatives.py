"""Organization representatives: an organizer's invitation QR, accepted by the person who scans it;
revoked by an organizer with a reason; audited and notified."""
import base64
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import Invitation, Membership, OrganizationKind
from app.models.base import utcnow
from tests.factories.endorsement import (EMPLOYER, audit_actions, decode_qr, error_code, events_of, make_organizer,
                                         qr_token, submitted_self_nomination, token_in)
from tests.factories.nominations import campaign, make_org, user_named  # noqa: F401


def invitation_token(client, organizer, org_id) -> str:
    response = client.post(f"/api/v1/organizations/{org_id}/representative-invitations", headers=organizer)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    png = base64.b64decode(body["qr_png"].removeprefix("data:image/png;base64,"))
    scanned = decode_qr(png)
    assert scanned == body["link"] and token_in(scanned) == body["token"]
    assert body["path"] == f"pages/representative/join?token={body['token']}"
    assert body["link"] == f"{current_app.config['PUBLIC_BASE_URL']}/mp/representative?token={body['token']}"
    return body["token"]


def test_the_person_who_scans_an_organizers_invitation_becomes_a_verified_representative(client, login, campaign):
    org_id = make_org(EMPLOYER, OrganizationKind.employer)
    organizer = make_organizer(login)
    hr = login("hr-liu")
    assert client.post(f"/api/v1/organizations/{org_id}/representative-invitations", headers=hr).status_code == 403
    token = invitation_token(client, organizer, org_id)

    seen = client.get(f"/api/v1/representative-invitations/{token}", headers=hr).get_json()
    assert seen["organization"] == {"id": org_id, "name": EMPLOYER, "kind": "employer", "kind_label": "用人单位"}
    assert seen["already_representative"] is False
    assert client.get("/api/v1/me", headers=hr).get_json()["roles"] == []

    accepted = client.post(f"/api/v1/representative-invitations/{token}", json={"name": "刘海燕"}, headers=hr)
    assert accepted.status_code == 200, accepted.get_json()
    assert (accepted.get_json()["active"], accepted.get_json()["name"]) == (True, "刘海燕")
    assert client.get("/api/v1/me", headers=hr).get_json()["roles"] == ["representative"]
    assert [o["id"] for o in client.get("/api/v1/organizations/mine", headers=hr).get_json()["items"]] == [org_id]
    assert events_of("organizer") == ["representative_joined"]
    assert audit_actions("organization", org_id) == ["representative.invite", "representative.join"]

    # Used once: nobody else joins with it.
    reused = client.post(f"/api/v1/representative-invitations/{token}", json={}, headers=login("eve"))
    assert reused.status_code == 409 and error_code(reused) == "token_used"
    assert db.session.scalar(sa.select(sa.func.count(Membership.id))) == 1

    # The new representative endorses their worker directly.
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    assert events_of("hr-liu") == ["endorsement_requested"]
    endorsement_token = qr_token(client, alice, nomination_id)
    assert client.get(f"/api/v1/endorsements/{endorsement_token}", headers=hr).get_json()["can_endorse_directly"]
    # An endorsement code is no representative invitation, and the other way round.
    assert error_code(client.get(f"/api/v1/representative-invitations/{endorsement_token}", headers=hr)) \
        == "token_invalid"
    fresh = invitation_token(client, organizer, org_id)
    assert error_code(client.get(f"/api/v1/endorsements/{fresh}", headers=hr)) == "token_invalid"
    assert error_code(client.post(f"/api/v1/representative-invitations/{fresh}", json={}, headers=hr)) \
        == "already_representative"


def test_invitations_follow_the_same_token_rules(client, login, campaign):
    org_id = make_org("市机械制造行业协会", OrganizationKind.association)
    organizer = make_organizer(login)
    old, new = invitation_token(client, organizer, org_id), invitation_token(client, organizer, org_id)
    hr = login("hr-liu")
    revoked = client.get(f"/api/v1/representative-invitations/{old}", headers=hr)
    assert revoked.status_code == 410 and error_code(revoked) == "token_revoked"
    forged = client.get(f"/api/v1/representative-invitations/{'Q' * 24}", headers=hr)
    assert forged.status_code == 404 and forged.get_json()["error"]["message"] == "邀请二维码无效，请核对后重新扫码"

    invitation = db.session.scalars(sa.select(Invitation).where(Invitation.revoked_at.is_(None))).one()
    assert invitation.expires_at is not None
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    expired = client.post(f"/api/v1/representative-invitations/{new}", json={}, headers=hr)
    assert expired.status_code == 410 and error_code(expired) == "token_expired"
    assert db.session.scalar(sa.select(sa.func.count(Membership.id))) == 0
    assert client.post("/api/v1/organizations/999999/representative-invitations", headers=organizer).status_code == 404


def test_an_organizer_revokes_a_representative_with_a_reason(client, login, campaign):
    org_id = make_org(EMPLOYER, OrganizationKind.employer)
    organizer = make_organizer(login)
    hr = login("hr-liu")
    client.post(f"/api/v1/representative-invitations/{invitation_token(client, organizer, org_id)}", json={},
                headers=hr)
    hr_id = user_named("hr-liu").id
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)

    assert client.post(f"/api/v1/organizations/{org_id}/representatives/{hr_id}/revoke", json={"reason": "调岗"},
                       headers=hr).status_code == 403
    no_reason = client.post(f"/api/v1/organizations/{org_id}/representatives/{hr_id}/revoke", json={"reason": " "},
                            headers=organizer)
    assert no_reason.status_code == 400
    revoked = client.post(f"/api/v1/organizations/{org_id}/representatives/{hr_id}/revoke",
                          json={"reason": "已调离人事岗位"}, headers=organizer)
    assert revoked.status_code == 200 and revoked.get_json()["active"] is False
    assert events_of("hr-liu")[-1] == "representative_revoked"
    assert audit_actions("organization", org_id)[-1] == "representative.revoke"
    twice = client.post(f"/api/v1/organizations/{org_id}/representatives/{hr_id}/revoke",
                        json={"reason": "再次撤销"}, headers=organizer)
    assert twice.status_code == 404 and error_code(twice) == "not_representative"

    listed = client.get(f"/api/v1/organizations/{org_id}/representatives", headers=organizer).get_json()["items"]
    assert [(r["user_id"], r["active"]) for r in listed] == [(hr_id, False)]
    # No longer a representative: no direct endorsement, no requests list.
    token = qr_token(client, alice, nomination_id)
    assert client.get(f"/api/v1/endorsements/{token}", headers=hr).get_json()["can_endorse_directly"] is False
    assert client.get(f"/api/v1/organizations/{org_id}/endorsement-requests", headers=hr).status_code == 403
    assert client.get("/api/v1/me", headers=hr).get_json()["roles"] == []
