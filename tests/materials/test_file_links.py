"""Signed file links: bound to the stored file and to the user they were issued to, short-lived, checked against
that user's access when opened; private answers and files are never cached, public photos may be."""
import time

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination, NominationFile, OrganizationKind
from app.models.base import utcnow
from app.services.materials import uploads
from tests.factories.endorsement import make_organizer
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, jpeg_bytes,  # noqa: F401
                                         make_org, make_representative, upload, user_named)

BASE = "http://127.0.0.1:8000"


def _draft(client, headers) -> int:
    return client.post("/api/v1/nominations", json={"channel": "self"}, headers=headers).get_json()["id"]


def _files(client, headers, nomination_id) -> dict:
    body = client.get(f"/api/v1/nominations/{nomination_id}", headers=headers).get_json()
    return {f["kind"]: f for f in body["files"]}


def test_an_old_link_never_opens_a_file_that_got_its_id(client, login, campaign):
    alice, bob = login("alice"), login("bob")
    alice_draft = _draft(client, alice)
    old = upload(client, alice, alice_draft, "work_photo", jpeg_bytes(color=(10, 10, 10))).get_json()
    assert client.delete(f"/api/v1/nominations/{alice_draft}/files/{old['id']}", headers=alice).status_code == 204

    bob_draft = _draft(client, bob)
    photo = upload(client, bob, bob_draft, "id_photo", jpeg_bytes(color=(200, 0, 0))).get_json()
    assert photo["id"] != old["id"]  # SQLite does not hand out the deleted row's id again
    assert client.get(old["url"].removeprefix(BASE)).status_code == 404

    # Even where an id did come back (a restored backup, a table rebuilt by hand), the link names the stored file.
    db.session.execute(sa.update(NominationFile).where(NominationFile.id == photo["id"]).values(id=old["id"]))
    db.session.commit()
    assert client.get(old["url"].removeprefix(BASE)).status_code == 404
    assert client.get(f"/api/v1/files/{old['id']}", headers=bob).status_code == 200


@pytest.mark.parametrize("table", ["nomination", "invitation", "nomination_file", "endorsement_letter"])
def test_tables_whose_ids_are_in_links_never_reuse_ids_on_sqlite(ctx, table):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL sequences never reuse ids")
    sql = db.session.execute(sa.text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}).scalar()
    assert "AUTOINCREMENT" in sql  # built by the migrations, as in production


def test_a_link_is_bound_to_its_viewer_and_lives_minutes(app, client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    link = _files(client, alice, nomination_id)["certificate"]["url"].removeprefix(BASE)
    expires = int(link.split("expires=")[1].split("&")[0])
    assert expires - time.time() <= app.config["FILE_URL_TTL_SECONDS"] + 60
    assert app.config["FILE_URL_TTL_SECONDS"] == 300
    assert client.get(link).status_code == 200
    someone_else = link.replace(f"viewer={user_named('alice').id}", f"viewer={user_named('alice').id + 1}")
    assert client.get(someone_else).status_code == 404
    assert client.get(link.split("&signature")[0]).status_code == 404


def test_a_revoked_representative_cannot_open_links_issued_before(client, login, campaign):
    union_id = make_org("海州区总工会", OrganizationKind.county_union, quota=15, district="海州区")
    filer = make_representative(login, "rep-haizhou", union_id)
    colleague = make_representative(login, "rep-port", union_id)
    nomination_id = complete_org_draft(client, filer, union_id, 0)
    links = {kind: f["url"].removeprefix(BASE) for kind, f in _files(client, colleague, nomination_id).items()}
    assert all(client.get(link).status_code == 200 for link in links.values())

    organizer = make_organizer(login)
    revoked = client.post(f"/api/v1/organizations/{union_id}/representatives/{user_named('rep-port').id}/revoke",
                          json={"reason": "已调离工会岗位"}, headers=organizer)
    assert revoked.status_code == 200, revoked.get_json()
    assert [client.get(link).status_code for link in links.values()] == [404] * len(links)


def test_public_photos_stay_public_and_cacheable_private_files_are_never_stored(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    files = _files(client, alice, nomination_id)
    private = client.get(files["work_photo"]["url"].removeprefix(BASE))
    assert private.status_code == 200 and private.headers["Cache-Control"] == "no-store"
    assert "Expires" not in private.headers
    scan = client.get(files["certificate"]["url"].removeprefix(BASE))
    assert scan.headers["Cache-Control"] == "no-store"

    nomination = db.session.get(Nomination, nomination_id)
    nomination.status, nomination.content_checked_at = "endorsed", utcnow()
    db.session.commit()
    public = client.get(f"/api/v1/files/{files['work_photo']['id']}")
    assert public.status_code == 200
    assert public.cache_control.public and public.cache_control.max_age == 600 and not public.cache_control.private
    assert client.get(f"/api/v1/files/{files['certificate']['id']}").status_code == 404
    # A logged-in fetch is answered no-store, whatever it is.
    assert client.get(f"/api/v1/files/{files['work_photo']['id']}", headers=alice).headers["Cache-Control"] == \
        "no-store"


def test_answers_to_a_logged_in_caller_are_never_cached(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    for path in (f"/api/v1/nominations/{nomination_id}", "/api/v1/me/nominations", "/api/v1/me",
                 "/api/v1/nominations/999999"):
        response = client.get(path, headers=alice)
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
    form = client.get(f"/api/v1/nominations/{nomination_id}/form.docx", headers=alice)
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"


def test_file_downloads_carry_their_extension(client, login, campaign):
    alice = login("alice")
    nomination_id = _draft(client, alice)
    for kind, data, ext in (("work_photo", jpeg_bytes(), "jpg"), ("id_photo", jpeg_bytes(), "jpg")):
        row = upload(client, alice, nomination_id, kind, data).get_json()
        served = client.get(row["url"].removeprefix(BASE))
        assert f'filename="{kind}-{row["id"]}.{ext}"' in served.headers["Content-Disposition"]
    assert uploads.file_url(db.session.get(NominationFile, row["id"])) == f"{BASE}/api/v1/files/{row['id']}"
