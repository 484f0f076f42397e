"""Who may endorse how: a verified representative decides directly; anyone else signs with a sealed letter
and waits for an organizer's check; a decline returns the nomination to the nominee with the comment."""
import io
import threading

import requests
import sqlalchemy as sa

from app.extensions import db
from app.models import Endorsement, EndorsementLetter, Membership, Nomination
from app.models.base import utcnow
from app.services.endorsement import decisions
from tests.factories.endorsement import (audit_actions, employer_with_representative, error_code, events_of,
                                         make_organizer, qr_token, submitted_self_nomination)
from tests.factories.nominations import campaign, jpeg_bytes, make_representative, pdf_bytes, user_named  # noqa: F401

SIGNED = {"signer_name": "王秀英", "signer_post": "人力资源部经理"}


def send_letter(client, headers, token, data=None, name="letter.jpg", content_type="image/jpeg"):
    return client.post(f"/api/v1/endorsements/{token}/letter", headers=headers,
                       data={"file": (io.BytesIO(data or jpeg_bytes()), name, content_type)},
                       content_type="multipart/form-data")


def test_someone_who_is_not_a_representative_cannot_endorse_directly(client, login, campaign):
    org_id, _rep = employer_with_representative(login)
    make_organizer(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    token = qr_token(client, alice, nomination_id)

    stranger = login("manager-wang")
    summary = client.get(f"/api/v1/endorsements/{token}", headers=stranger).get_json()
    assert summary["can_endorse_directly"] is False

    bare = client.post(f"/api/v1/endorsements/{token}", json={"decision": "confirm"}, headers=stranger)
    assert bare.status_code == 400
    assert bare.get_json()["error"]["details"]["fields"] == {
        "signer_name": "请填写您的真实姓名（2至20个字）", "signer_post": "请填写您在单位的职务（2至30个字）",
        "letter_file_id": "请上传加盖单位公章的认可函照片"}
    assert db.session.get(Nomination, nomination_id).status == "awaiting_endorsement"

    pdf = send_letter(client, stranger, token, pdf_bytes(), "letter.pdf", "application/pdf")
    assert pdf.status_code == 415 and "盖章认可函请上传JPEG或PNG格式的照片" in pdf.get_json()["error"]["message"]
    letter = send_letter(client, stranger, token)
    assert letter.status_code == 201 and letter.get_json()["content_type"] == "image/jpeg"
    assert send_letter(client, stranger, "Q" * 24).get_json()["error"]["code"] == "token_invalid"
    # Someone else's letter id is not theirs to use.
    other_letter = send_letter(client, login("eve"), token).get_json()["id"]
    refused = client.post(f"/api/v1/endorsements/{token}",
                          json={"decision": "confirm", **SIGNED, "letter_file_id": other_letter}, headers=stranger)
    assert refused.get_json()["error"]["details"]["fields"] == {"letter_file_id": "请上传加盖单位公章的认可函照片"}

    answered = client.post(f"/api/v1/endorsements/{token}", headers=stranger,
                           json={"decision": "confirm", "comment": "情况属实", **SIGNED,
                                 "letter_file_id": letter.get_json()["id"]})
    assert answered.status_code == 200, answered.get_json()
    result = answered.get_json()
    assert (result["verified"], result["direct"], result["status"], result["status_label"]) == (
        False, False, "pending_check", "待市总工会核实")
    nomination = db.session.get(Nomination, nomination_id)
    assert (nomination.status, nomination.unit_opinion) == ("endorsement_check", None)  # not endorsed yet
    assert events_of("organizer") == ["endorsement_needs_check"]
    assert events_of("alice")[-1] == "endorsement_awaiting_check"
    assert audit_actions("nomination", nomination_id)[-1] == "endorsement.unverified"
    # The code is used up, and the nominee cannot get a new one while the check waits.
    assert error_code(client.get(f"/api/v1/endorsements/{token}", headers=stranger)) == "token_used"
    assert error_code(client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice)) \
        == "not_awaiting_endorsement"


def test_membership_that_is_unverified_or_revoked_does_not_count_and_no_one_endorses_themselves(
        client, login, campaign):
    org_id, _rep = employer_with_representative(login)
    unverified = make_representative(login, "applicant", org_id, verified=False)
    former = make_representative(login, "former", org_id)
    membership = db.session.scalars(sa.select(Membership).where(Membership.user_id == user_named("former").id)).one()
    membership.revoked_at = utcnow()
    db.session.commit()
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    token = qr_token(client, alice, nomination_id)
    for headers in (unverified, former):
        assert client.get(f"/api/v1/endorsements/{token}", headers=headers).get_json()["can_endorse_directly"] is False
        refused = client.post(f"/api/v1/endorsements/{token}", json={"decision": "confirm"}, headers=headers)
        assert refused.status_code == 400 and "letter_file_id" in refused.get_json()["error"]["details"]["fields"]

    # The nominee is the employer's representative too: still not their own endorser.
    db.session.add(Membership(user_id=user_named("alice").id, organization_id=org_id, verified=True,
                              verified_at=utcnow()))
    db.session.commit()
    own = client.post(f"/api/v1/endorsements/{token}", json={"decision": "confirm"}, headers=alice)
    assert own.status_code == 403 and own.get_json()["error"]["message"] == "不能认可本人的申报，请由单位负责人扫码确认"
    assert db.session.get(Nomination, nomination_id).status == "awaiting_endorsement"


def test_an_organizer_checks_an_unverified_endorsement(client, login, campaign):
    org_id, _rep = employer_with_representative(login)
    organizer = make_organizer(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)

    def unverified_endorsement(decision="confirm", comment="同意推荐"):
        token = qr_token(client, alice, nomination_id)
        signer = login("manager-wang")
        letter_id = send_letter(client, signer, token).get_json()["id"]
        body = {"decision": decision, "comment": comment, **SIGNED, "letter_file_id": letter_id}
        assert client.post(f"/api/v1/endorsements/{token}", json=body, headers=signer).status_code == 200
        return db.session.scalars(sa.select(Endorsement).order_by(Endorsement.id.desc())).first().id

    first = unverified_endorsement()
    listed = client.get("/api/v1/endorsement-checks", headers=organizer).get_json()["items"]
    assert [(i["id"], i["signer"]["name"], i["nominee"]["name"]) for i in listed] == [(first, "王秀英", "赵建国")]
    letter = client.get(listed[0]["letter_url"], headers=organizer)
    assert letter.status_code == 200 and letter.mimetype == "image/jpeg"
    assert client.get(listed[0]["letter_url"], headers=alice).status_code == 404  # the nominee does not see it
    assert client.get("/api/v1/endorsement-checks", headers=alice).status_code == 403
    assert client.post(f"/api/v1/endorsement-checks/{first}", json={"accept": True}, headers=alice).status_code == 403

    no_reason = client.post(f"/api/v1/endorsement-checks/{first}", json={"accept": False}, headers=organizer)
    assert no_reason.status_code == 400 and no_reason.get_json()["error"]["details"]["fields"] == {
        "reason": "请说明未通过核实的原因，职工会看到这段说明"}
    refused = client.post(f"/api/v1/endorsement-checks/{first}", headers=organizer,
                          json={"accept": False, "reason": "认可函未加盖公章"})
    assert refused.status_code == 200 and refused.get_json()["status"] == "refused"
    assert db.session.get(Nomination, nomination_id).status == "awaiting_endorsement"
    assert events_of("alice")[-1] == "endorsement_check_refused"
    again = client.post(f"/api/v1/endorsement-checks/{first}", json={"accept": True}, headers=organizer)
    assert again.status_code == 409 and error_code(again) == "already_checked"

    # A second, genuine one: accepted, it takes effect as the representative's would.
    second = unverified_endorsement()
    accepted = client.post(f"/api/v1/endorsement-checks/{second}", json={"accept": True}, headers=organizer)
    assert accepted.status_code == 200
    assert (accepted.get_json()["verified"], accepted.get_json()["nomination_status"]) == (True, "endorsed")
    assert events_of("alice")[-1] == "endorsement_confirmed"
    assert audit_actions("endorsement", first) == ["endorsement.check"]
    assert audit_actions("endorsement", second) == ["endorsement.check"]
    assert client.get("/api/v1/endorsement-checks", headers=organizer).get_json()["items"] == []


def test_a_decline_returns_the_nomination_to_the_nominee_with_the_comment(client, login, campaign):
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    token = qr_token(client, alice, nomination_id)

    silent = client.post(f"/api/v1/endorsements/{token}", json={"decision": "decline"}, headers=rep)
    assert silent.status_code == 400 and silent.get_json()["error"]["details"]["fields"] == {
        "comment": "不予认可时请说明原因，职工会看到这段说明"}
    declined = client.post(f"/api/v1/endorsements/{token}", json={"decision": "decline", "comment": "本人已于去年调离本单位"},
                           headers=rep)
    assert declined.status_code == 200
    assert (declined.get_json()["nomination_status"], declined.get_json()["verified"]) == ("returned", True)

    mine = client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()
    assert (mine["status"], mine["status_label"]) == ("returned", "已退回修改")
    assert mine["return_reason"] == "单位不予认可：本人已于去年调离本单位"
    assert events_of("alice")[-1] == "endorsement_declined"
    assert audit_actions("nomination", nomination_id)[-1] == "endorsement.decline"

    # The nominee corrects the form and submits again: a new request for the employer.
    fixed = client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "质检部班长"}, headers=alice)
    assert fixed.status_code == 200
    again = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert again.status_code == 200 and again.get_json()["status"] == "awaiting_endorsement"
    assert events_of("rep-cnc") == ["endorsement_requested", "endorsement_requested"]
    assert client.get(f"/api/v1/endorsements/{qr_token(client, alice, nomination_id)}",
                      headers=rep).get_json()["nominee"]["post"] == "质检部班长"


def test_representatives_see_their_organizations_requests(client, login, campaign):
    org_id, rep = employer_with_representative(login)
    alice, bob = login("alice"), login("bob")
    first = submitted_self_nomination(client, alice, i=0, employer_org_id=org_id)
    second = submitted_self_nomination(client, bob, i=1, employer_org_id=org_id)
    token = qr_token(client, alice, first)
    client.post(f"/api/v1/endorsements/{token}", json={"decision": "confirm", "comment": "同意"}, headers=rep)

    listed = client.get(f"/api/v1/organizations/{org_id}/endorsement-requests", headers=rep)
    assert listed.status_code == 200
    items = listed.get_json()["items"]
    assert [(i["id"], i["waiting"], i["status_label"]) for i in items] == [
        (second, True, "待单位认可"), (first, False, "单位已认可")]
    assert items[0]["endorsement"] is None and items[0]["nominee"]["name"] == "钱建国"
    assert items[1]["endorsement"]["comment"] == "同意" and "mobile" not in items[1]["nominee"]
    assert client.get(f"/api/v1/organizations/{org_id}/endorsement-requests", headers=alice).status_code == 403
    assert client.get("/api/v1/organizations/999999/endorsement-requests", headers=rep).status_code == 404
    # The representative may open the nomination itself too.
    assert client.get(f"/api/v1/nominations/{second}", headers=rep).status_code == 200


def test_two_representatives_scanning_at_once_endorse_once(app, client, login, campaign):
    org_id, rep = employer_with_representative(login)
    other_rep = make_representative(login, "rep-cnc-2", org_id)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    token = qr_token(client, alice, nomination_id)
    barrier, answers = threading.Barrier(2), []

    def endorse(headers, decision):
        barrier.wait()
        answers.append(requests.post(f"{app.config['LIVE_URL']}/api/v1/endorsements/{token}", headers=headers,
                                     json={"decision": decision, "comment": "意见"}, timeout=60))

    threads = [threading.Thread(target=endorse, args=args) for args in ((rep, "confirm"), (other_rep, "decline"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in answers) == [200, 409]
    assert [r.json()["error"]["code"] for r in answers if r.status_code == 409] == ["token_used"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Endorsement.id))) == 1
    winner = next(r.json() for r in answers if r.status_code == 200)
    assert db.session.get(Nomination, nomination_id).status == winner["nomination_status"]


def test_letters_per_code_are_limited(client, login, campaign, monkeypatch):
    org_id, _rep = employer_with_representative(login)
    alice = login("alice")
    token = qr_token(client, alice, submitted_self_nomination(client, alice, employer_org_id=org_id))
    stranger = login("manager-wang")
    monkeypatch.setattr(decisions, "LETTERS_PER_CODE", 2)
    assert [send_letter(client, stranger, token).status_code for _ in range(3)] == [201, 201, 409]
    assert db.session.scalar(sa.select(sa.func.count(EndorsementLetter.id))) == 2
