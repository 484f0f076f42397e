"""Downloads carry a readable ASCII `filename` beside the UTF-8 `filename*`, and the right extension."""
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination, NominationFile
from tests.console.conftest import accounts, console, nominations, organizer_console  # noqa: F401
from tests.factories.nominations import campaign, complete_self_draft, jpeg_bytes, upload  # noqa: F401


def _plain_name(response) -> str:
    return re.search(r'filename="?([^";]+)"?(;|$)', response.headers["Content-Disposition"]).group(1)


def test_the_api_forms_have_readable_ascii_names(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    form = client.get(f"/api/v1/nominations/{nomination_id}/form.docx", headers=alice)
    assert form.status_code == 200
    assert _plain_name(form) == f"nomination-{nomination_id}.docx"
    assert "filename*=UTF-8''%E6%B8%AF%E5%9F%8E%E5%B7%A5%E5%8C%A0" in form.headers["Content-Disposition"]  # 港城工匠


def test_the_console_forms_and_files_have_readable_names_and_extensions(organizer_console, nominations):
    n = next(n for n in nominations if n.status == "submitted")
    form = organizer_console.get(f"/console/nominations/{n.id}/attachment1.docx")
    assert form.status_code == 200 and _plain_name(form) == f"nomination-{n.id}.docx"
    org = next(m.nominating_org for m in nominations if m.nominating_org is not None)
    summary = organizer_console.get(f"/console/organizations/{org.id}/attachment2.xlsx")
    assert summary.status_code == 200 and _plain_name(summary) == f"summary-{org.id}.xlsx"
    assert "filename*=UTF-8''" in summary.headers["Content-Disposition"]

    rows = db.session.scalars(sa.select(NominationFile).join(Nomination).where(Nomination.id == n.id)).all()
    assert rows  # the demo's nominations carry photos and scans
    for row in rows:
        served = organizer_console.get(f"/console/nominations/{n.id}/files/{row.id}")
        ext = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}[row.content_type]
        assert _plain_name(served) == f"{row.kind}-{row.id}.{ext}"
        if ext == "pdf":
            assert served.headers["Content-Disposition"].startswith("attachment")


def test_the_api_summary_has_a_readable_ascii_name(client, login, campaign):
    from app.models import OrganizationKind
    from tests.factories.nominations import complete_org_draft, make_org, make_representative

    union_id = make_org("海州区总工会", OrganizationKind.county_union, quota=15, district="海州区")
    rep = make_representative(login, "rep-haizhou", union_id)
    complete_org_draft(client, rep, union_id, 0)
    summary = client.get(f"/api/v1/organizations/{union_id}/summary.xlsx", headers=rep)
    assert summary.status_code == 200 and _plain_name(summary) == f"summary-{union_id}.xlsx"
    assert summary.headers["Cache-Control"] == "no-store"


def test_a_certificate_photo_downloads_with_its_extension(client, login, campaign):
    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    row = upload(client, alice, nomination_id, "certificate", jpeg_bytes()).get_json()
    served = client.get(row["url"].removeprefix("http://127.0.0.1:8000"))
    assert _plain_name(served) == f"certificate-{row['id']}.jpg"
