"""Helpers of the endorsement tests: a submitted self-nomination, the QR decoded as a phone reads it,
organizers, and the outbox and audit log as the people concerned see them."""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa
from PIL import Image
from pyzbar.pyzbar import decode

from app.extensions import db
from app.models import AuditEntry, Notification, OrganizationKind
from tests.factories.nominations import complete_self_draft, make_org, make_representative, user_named

EMPLOYER = "连云港海缘数控机床有限公司"


def employer_with_representative(login, who: str = "rep-cnc") -> tuple[int, dict]:
    org_id = make_org(EMPLOYER, OrganizationKind.employer, district="海州区")
    return org_id, make_representative(login, who, org_id)


def submitted_self_nomination(client, headers, i: int = 0, **overrides) -> int:
    nomination_id = complete_self_draft(client, headers, i=i, **overrides)
    response = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "awaiting_endorsement"
    return nomination_id


def make_organizer(login, who: str = "organizer") -> dict:
    headers = login(who)
    user = user_named(who)
    user.roles = ["organizer"]
    db.session.commit()
    return headers


def decode_qr(png: bytes) -> str:
    """What a phone reads from the picture (zbar, as WeChat's scanner would)."""
    found = decode(Image.open(io.BytesIO(png)))
    assert len(found) == 1, "exactly one code in the picture"
    return found[0].data.decode()


def token_in(scanned: str) -> str:
    """The token of a scanned link (`…?token=`) or of a mini-program code (`scene=…&page=…`)."""
    if scanned.startswith("http"):
        return parse_qs(urlsplit(scanned).query)["token"][0]
    return parse_qs(scanned)["scene"][0]


def qr_token(client, headers, nomination_id) -> str:
    response = client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=headers)
    assert response.status_code == 200, response.get_json()
    return token_in(decode_qr(response.data))


def events_of(who: str) -> list[str]:
    return db.session.scalars(sa.select(Notification.event).where(Notification.user_id == user_named(who).id)
                              .order_by(Notification.id)).all()


def audit_actions(target_type: str, target_id) -> list[str]:
    return db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.target_type == target_type, AuditEntry.target_id == str(target_id)).order_by(AuditEntry.id)).all()


def error_code(response) -> str:
    return response.get_json()["error"]["code"]


def unverified_endorsement(nomination, signer_openid: str, decision: str = "confirm", comment: str = "同意推荐",
                           signer_name: str = "王秀英", signer_post: str = "人力资源部经理"):
    """An endorsement of `nomination` by someone who is not a representative, with a letter photo: it waits
    for an organizer's check (services called as the nominee's and the signer's phones would)."""
    from app.models import User
    from app.services.endorsement import decisions
    from tests.factories.nominations import jpeg_bytes

    nominee = db.session.get(User, nomination.nominee_user_id)
    png, _expires = decisions.issue_code(nominee, nomination.id)
    code = token_in(decode_qr(png))
    signer = User(openid=signer_openid, nickname=signer_name, roles=[])
    db.session.add(signer)
    db.session.commit()
    letter = decisions.attach_letter(signer, code, jpeg_bytes(color=(240, 235, 220)))
    db.session.commit()
    return decisions.endorse(signer, code, {"decision": decision, "comment": comment, "signer_name": signer_name,
                                            "signer_post": signer_post, "letter_file_id": letter.id})
