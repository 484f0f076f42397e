"""The endorsement QR: the nominee's picture decodes to a token that works, once; and every other token
(reused, expired, revoked, forged, of another purpose or of another nomination) is refused clearly."""
import io
import re
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Endorsement, Invitation, Nomination, NominationChannel, OrganizationKind
from app.models.base import as_utc, utcnow
from app.services.endorsement import decisions
from tests.factories.endorsement import (EMPLOYER, audit_actions, decode_qr, employer_with_representative, error_code,
                                         events_of, qr_token, submitted_self_nomination, token_in)
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, jpeg_bytes,  # noqa: F401
                                         make_org, make_representative)

SCENE_CHARS = re.compile(r"[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}")


def test_the_qr_decodes_to_a_link_whose_token_lets_the_employer_endorse(app, client, login, campaign):
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    assert events_of("rep-cnc") == ["endorsement_requested"]  # the request waits for the representative

    response = client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice)
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == "no-store"
    expires_at = as_utc(datetime.fromisoformat(response.headers["X-Endorsement-Expires-At"]))
    assert timedelta(days=7) - timedelta(minutes=1) < expires_at - utcnow() <= timedelta(days=7)

    scanned = decode_qr(response.data)
    assert scanned.startswith(f"{app.config['PUBLIC_BASE_URL']}/mp/endorse?token=")
    token = token_in(scanned)
    assert SCENE_CHARS.fullmatch(token), "the token also fits a mini-program code's scene"
    # Only a hash is stored.
    assert token not in str(db.session.scalars(sa.select(Invitation.code_hash)).all())

    summary = client.get(f"/api/v1/endorsements/{token}", headers=rep)
    assert summary.status_code == 200, summary.get_json()
    body = summary.get_json()
    assert body["nominee"] == {"name": "赵建国", "employer_name": EMPLOYER, "trade": "数控车工", "post": "数控车间班长"}
    assert body["organization"] == {"id": org_id, "name": EMPLOYER}
    assert body["can_endorse_directly"] is True and body["nomination_id"] == nomination_id
    assert "13805180000" not in summary.get_data(as_text=True) and "1980" not in summary.get_data(as_text=True)

    endorsed = client.post(f"/api/v1/endorsements/{token}", json={"decision": "confirm", "comment": "同意推荐"},
                           headers=rep)
    assert endorsed.status_code == 200, endorsed.get_json()
    result = endorsed.get_json()
    assert (result["verified"], result["status"], result["nomination_status"]) == (True, "effective", "endorsed")
    nomination = db.session.get(Nomination, nomination_id)
    assert nomination.status == "endorsed" and nomination.unit_opinion == "同意推荐"
    assert events_of("alice") == ["nomination_received", "endorsement_confirmed"]
    assert audit_actions("nomination", nomination_id)[-1] == "endorsement.confirm"
    assert client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()["status_label"] == "单位已认可"

    # Single use: the same code again is refused, and changes nothing.
    for again in (client.get(f"/api/v1/endorsements/{token}", headers=rep),
                  client.post(f"/api/v1/endorsements/{token}", json={"decision": "decline", "comment": "x"},
                              headers=rep)):
        assert again.status_code == 409
        assert again.get_json()["error"] == {"code": "token_used", "message": "该认可码已经使用过，不能重复使用"}
    assert db.session.scalar(sa.select(sa.func.count(Endorsement.id))) == 1
    # Nothing left to endorse: no new code either.
    assert error_code(client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice)) \
        == "not_awaiting_endorsement"


def test_only_the_nominee_gets_a_code_and_only_while_it_waits(client, login, campaign):
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    draft_id = complete_self_draft(client, alice, employer_org_id=org_id)
    refused = client.get(f"/api/v1/nominations/{draft_id}/endorsement-qr", headers=alice)
    assert refused.status_code == 409 and error_code(refused) == "not_awaiting_endorsement"

    client.post(f"/api/v1/nominations/{draft_id}/submit", headers=alice)
    # The employer's representative may see the nomination, but the code is the nominee's to show.
    assert client.get(f"/api/v1/nominations/{draft_id}/endorsement-qr", headers=rep).status_code == 403
    assert client.get(f"/api/v1/nominations/{draft_id}/endorsement-qr", headers=login("mallory")).status_code == 404
    assert client.get(f"/api/v1/nominations/{draft_id}/endorsement-qr",
                      headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0

    union_id = make_org("海州区总工会", OrganizationKind.county_union)
    union_rep = make_representative(login, "rep-haizhou", union_id)
    unit_nomination = complete_org_draft(client, union_rep, union_id, 3)
    assert db.session.get(Nomination, unit_nomination).channel == NominationChannel.union
    assert error_code(client.get(f"/api/v1/nominations/{unit_nomination}/endorsement-qr", headers=union_rep)) \
        == "not_self_nomination"


def test_a_new_code_revokes_the_old_one(client, login, campaign):
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    old, new = qr_token(client, alice, nomination_id), qr_token(client, alice, nomination_id)
    assert old != new
    revoked = client.get(f"/api/v1/endorsements/{old}", headers=rep)
    assert revoked.status_code == 410
    assert revoked.get_json()["error"] == {
        "code": "token_revoked", "message": "认可码已作废（已生成新的认可码），请扫描最新的认可码"}
    assert error_code(client.post(f"/api/v1/endorsements/{old}", json={"decision": "confirm"}, headers=rep)) \
        == "token_revoked"
    assert db.session.get(Nomination, nomination_id).status == "awaiting_endorsement"
    assert client.get(f"/api/v1/endorsements/{new}", headers=rep).status_code == 200


def test_an_expired_code_is_refused_and_changes_nothing(app, client, login, campaign, monkeypatch):
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    monkeypatch.setitem(app.config, "ENDORSEMENT_TOKEN_TTL_DAYS", 2)
    response = client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice)
    token = token_in(decode_qr(response.data))
    invitation = db.session.scalars(sa.select(Invitation).where(Invitation.purpose == "endorsement")).one()
    assert timedelta(days=2) - timedelta(minutes=1) < as_utc(invitation.expires_at) - utcnow() <= timedelta(days=2)

    invitation.expires_at = utcnow() - timedelta(seconds=1)  # two days later
    db.session.commit()
    for response in (client.get(f"/api/v1/endorsements/{token}", headers=rep),
                     client.post(f"/api/v1/endorsements/{token}", json={"decision": "confirm"}, headers=rep)):
        assert response.status_code == 410
        assert response.get_json()["error"] == {"code": "token_expired", "message": "认可码已过期，请重新生成后再扫码"}
    assert db.session.get(Nomination, nomination_id).status == "awaiting_endorsement"
    assert db.session.scalar(sa.select(sa.func.count(Endorsement.id))) == 0


def test_forged_tokens_and_codes_of_another_purpose_are_unknown(client, login, campaign):
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    token = qr_token(client, alice, nomination_id)
    forged = [token[:-1] + ("A" if token[-1] != "A" else "B"), "A" * 24, "x", "ABCD" * 20, "%E8%AE%A4%E5%8F%AF"]
    for fake in forged:
        response = client.get(f"/api/v1/endorsements/{fake}", headers=rep)
        assert response.status_code == 404, fake
        assert response.get_json()["error"] == {"code": "token_invalid", "message": "认可码无效，请核对后重新扫码"}

    assert client.get("/api/v1/endorsements/..%2F..%2Fetc", headers=rep).status_code == 404

    # A worker's invitation code is not an endorsement code, and an endorsement code claims nothing.
    union_id = make_org("海州区总工会", OrganizationKind.county_union)
    union_rep = make_representative(login, "rep-haizhou", union_id)
    unit_nomination = complete_org_draft(client, union_rep, union_id, 3)
    code = client.post(f"/api/v1/nominations/{unit_nomination}/invitation", headers=union_rep).get_json()["code"]
    assert error_code(client.get(f"/api/v1/endorsements/{code}", headers=rep)) == "token_invalid"
    claim = client.post("/api/v1/invitations/claim", json={"code": token}, headers=login("mallory"))
    assert claim.status_code == 404 and error_code(claim) == "invitation_invalid"
    assert db.session.get(Nomination, nomination_id).nominee_user_id != db.session.get(
        Nomination, unit_nomination).nominee_user_id
    assert client.get(f"/api/v1/endorsements/{token}", headers=rep).status_code == 200  # still good


def test_a_token_of_another_nomination_never_works_for_this_one(client, login, campaign):
    org_id, rep = employer_with_representative(login)
    alice, bob = login("alice"), login("bob")
    alice_nomination = submitted_self_nomination(client, alice, i=0, employer_org_id=org_id)
    bob_nomination = submitted_self_nomination(client, bob, i=1, employer_org_id=org_id)
    alice_token, bob_token = qr_token(client, alice, alice_nomination), qr_token(client, bob, bob_nomination)

    # The scanner confirms what they saw: Bob's code cannot endorse Alice's nomination.
    crossed = client.post(f"/api/v1/endorsements/{bob_token}",
                          json={"decision": "confirm", "nomination_id": alice_nomination}, headers=rep)
    assert crossed.status_code == 404 and error_code(crossed) == "token_invalid"
    assert {db.session.get(Nomination, n).status for n in (alice_nomination, bob_nomination)} == {
        "awaiting_endorsement"}

    # A letter sent with Bob's code is not a letter for Alice's.
    stranger = login("stranger")
    letter = client.post(f"/api/v1/endorsements/{bob_token}/letter", headers=stranger,
                         data={"file": (io.BytesIO(jpeg_bytes()), "letter.jpg", "image/jpeg")},
                         content_type="multipart/form-data")
    assert letter.status_code == 201, letter.get_json()
    answer = {"decision": "confirm", "signer_name": "王经理", "signer_post": "人事部经理",
              "letter_file_id": letter.get_json()["id"]}
    refused = client.post(f"/api/v1/endorsements/{alice_token}", json=answer, headers=stranger)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["details"]["fields"] == {"letter_file_id": "认可函不是用这个认可码上传的，请重新上传"}

    # Alice's code endorses Alice only.
    done = client.post(f"/api/v1/endorsements/{alice_token}",
                       json={"decision": "confirm", "nomination_id": alice_nomination}, headers=rep)
    assert done.status_code == 200
    assert db.session.get(Nomination, alice_nomination).status == "endorsed"
    assert db.session.get(Nomination, bob_nomination).status == "awaiting_endorsement"


def test_the_mini_program_code_from_wechat_carries_the_token_as_its_scene(app, client, login, campaign, monkeypatch):
    """With WeChat configured the picture is a mini-program code (getwxacodeunlimit); here through the
    emulator, which answers a real PNG code of `scene=…&page=…`."""
    monkeypatch.setitem(app.config, "QR_CODE_KIND", "wxacode")
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    response = client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice)
    assert response.status_code == 200, response.get_json()
    scanned = decode_qr(response.data)
    assert re.fullmatch(r"scene=[0-9A-Z]{24}&page=pages/endorse/index", scanned), scanned
    token = token_in(scanned)
    assert client.get(f"/api/v1/endorsements/{token}", headers=rep).get_json()["can_endorse_directly"] is True
    assert client.post(f"/api/v1/endorsements/{token}", json={"decision": "confirm"}, headers=rep).status_code == 200


def test_the_employer_is_found_by_its_exact_name_when_not_chosen(client, login, campaign):
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_name=EMPLOYER)
    assert db.session.get(Nomination, nomination_id).employer_org_id == org_id
    assert events_of("rep-cnc") == ["endorsement_requested"]
    token = qr_token(client, alice, nomination_id)
    assert client.get(f"/api/v1/endorsements/{token}", headers=rep).get_json()["can_endorse_directly"] is True


def test_a_failed_mini_program_code_changes_nothing(app, client, login, campaign, monkeypatch):
    org_id, rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    token = qr_token(client, alice, nomination_id)
    # WeChat refuses a page that is not in the published mini-program (the emulator answers 41030).
    monkeypatch.setitem(app.config, "QR_CODE_KIND", "wxacode")
    monkeypatch.setattr(decisions, "PAGE", "/pages/endorse/index")
    failed = client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice)
    assert failed.status_code == 503
    assert failed.get_json()["error"] == {"code": "wechat_unavailable", "message": "小程序码暂时无法生成，请稍后再试"}
    # The code shown before still works: the failed request revoked nothing.
    assert client.get(f"/api/v1/endorsements/{token}", headers=rep).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 1


def test_codes_are_not_generated_without_limit(client, login, campaign, monkeypatch):
    org_id, _rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    monkeypatch.setattr(decisions, "CODES_PER_HOUR", 2)
    for _ in range(2):
        assert client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice).status_code == 200
    third = client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice)
    assert third.status_code == 429 and error_code(third) == "too_many_codes"
    assert 0 < int(third.headers["Retry-After"]) <= 3600


def test_the_link_opened_outside_wechat_says_to_use_wechat(client):
    page = client.get("/mp/endorse?token=ABCDEFGHJKMNPQRSTUVWXYZ2")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "请使用微信“扫一扫”" in page.get_data(as_text=True)
    assert "ABCDEFGHJKMNPQRSTUVWXYZ2" not in page.get_data(as_text=True)
    assert client.get("/mp/elsewhere").status_code == 404
