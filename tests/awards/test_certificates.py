"""E-certificates: unguessable serials, a QR code a phone follows to the verify page, revocation."""
from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from PIL import Image
from pyzbar.pyzbar import decode

from app.extensions import db
from app.models import AuditEntry
from app.services.awards import certificates, records
from app.services.errors import DomainError


@pytest.fixture
def issued(commendation, client):
    awards = records.record_awards(commendation["campaign"], actor=commendation["organizer"])
    certificates.issue_all(commendation["campaign"], awards, actor=commendation["organizer"])
    db.session.commit()
    return {**commendation, "awards": awards}


def test_serials_are_readable_and_unguessable(issued):
    serials = [certificates.current(a).serial for a in issued["awards"]]
    assert len(set(serials)) == 5
    for serial in serials:
        assert re.fullmatch(r"GCGJ-2019-[2-9A-HJKMNP-Z]{5}(-[2-9A-HJKMNP-Z]{5}){3}", serial)
    # Consecutive certificates share nothing after the prefix: no counter to walk.
    assert len({s[10:15] for s in serials}) == 5


def test_the_certificates_qr_code_leads_to_a_page_saying_valid(issued, client):
    award = issued["awards"][0]
    certificate = certificates.current(award)
    png = certificates.image(certificate)
    picture = Image.open(io.BytesIO(png))
    assert picture.size == (2339, 1654)  # A4 landscape
    url = decode(picture)[0].data.decode()
    assert url.endswith(f"/verify/{certificate.serial}")
    page = client.get(urlsplit(url).path)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "证书有效" in text
    assert award.nomination.name in text and "港城十大工匠" in text and "2019" in text
    assert award.nomination.mobile not in text
    answer = client.get(f"/api/v1/certificates/{certificate.serial}").get_json()
    assert answer["valid"] is True and answer["name"] == award.nomination.name and answer["year"] == 2019
    assert "mobile" not in answer


def test_a_revoked_certificate_says_so_with_date_and_reason(issued, client):
    certificate = certificates.current(issued["awards"][1])
    with pytest.raises(DomainError):
        certificates.revoke(certificate.serial, "  ", actor=issued["organizer"])
    certificates.revoke(certificate.serial, "经核查存在弄虚作假，撤销称号", actor=issued["organizer"])
    db.session.commit()
    text = client.get(f"/verify/{certificate.serial}").get_data(as_text=True)
    assert "证书已撤销" in text and "弄虚作假" in text and "撤销日期" in text
    answer = client.get(f"/api/v1/certificates/{certificate.serial}").get_json()
    assert answer["valid"] is False and answer["revoked_reason"].startswith("经核查")
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "certificate.revoked")).one()
    assert entry.reason.startswith("经核查")
    with pytest.raises(DomainError) as twice:
        certificates.revoke(certificate.serial, "再次", actor=issued["organizer"])
    assert twice.value.code == "certificate_revoked"
    # A new certificate may then be issued; the old stays revoked.
    fresh = certificates.issue(issued["awards"][1], actor=issued["organizer"])
    assert fresh.serial != certificate.serial


def test_an_unknown_serial_is_a_404(issued, client):
    page = client.get("/verify/GCGJ-2019-AAAAA-BBBBB-CCCCC-DDDDD")
    assert page.status_code == 404 and "未找到该证书" in page.get_data(as_text=True)
    answer = client.get("/api/v1/certificates/GCGJ-2019-AAAAA-BBBBB-CCCCC-DDDDD")
    assert answer.status_code == 404 and answer.get_json()["error"]["code"] == "not_found"


def test_a_second_valid_certificate_is_refused(issued):
    with pytest.raises(DomainError) as refused:
        certificates.issue(issued["awards"][0], actor=issued["organizer"])
    assert refused.value.code == "certificate_exists"
