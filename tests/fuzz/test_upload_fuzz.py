"""The upload endpoints fuzzed with hypothesis, a fixed number of examples, derandomized. The nomination's
(POST /api/v1/nominations/{id}/files): random bytes, truncated PNG/JPEG, wrong magic, decompression bombs (huge
dimensions in a tiny file), PDFs with a broken structure; an accepted file is removed again, so every example
starts from the same draft. An objection's evidence, an endorsement letter and an article's picture (console):
a mix of the same inputs.
Never a 5xx; a refused upload leaves no row in any table and no file on disk."""
from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import NominationFile
from tests.factories.endorsement import employer_with_representative, qr_token, submitted_self_nomination
from tests.factories.likes import auth, likes_app, make_user  # noqa: F401 - fixture
from tests.factories.nominations import campaign, jpeg_bytes, pdf_bytes, png_bytes, upload  # noqa: F401 - fixture
from tests.factories.results import confirmed

# Examples per target (README "Fuzzing" records these counts).
EXAMPLES = {"random_bytes": 60, "truncated_images": 60, "wrong_magic": 40, "bombs": 30, "broken_pdfs": 80,
            "objection_evidence": 30, "endorsement_letters": 30, "article_images": 30}
FUZZ = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow, HealthCheck.data_too_large])
KINDS = ("id_photo", "work_photo", "certificate")
CONTENT_TYPES = ("image/jpeg", "image/png", "application/pdf", "application/octet-stream", "text/plain")
JPEG, PNG, PDF = jpeg_bytes((200, 150)), png_bytes((200, 150)), pdf_bytes()


@pytest.fixture(autouse=True)
def own_upload_dir(app, tmp_path):
    """An uploads folder of this test's own: `stored()` lists it twice per example, and the session's shared
    folder holds every file the tests before this one wrote (thousands by the end of a pass)."""
    shared, storage = app.config["UPLOAD_DIR"], app.extensions.pop("upload_storage", None)
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    yield
    app.config["UPLOAD_DIR"] = shared
    app.extensions.pop("upload_storage", None)
    if storage is not None:
        app.extensions["upload_storage"] = storage


@pytest.fixture
def draft(client, login, campaign):  # noqa: F811 - the nomination campaign fixture
    headers = login("fuzz-worker")
    created = client.post("/api/v1/nominations", json={"channel": "self"}, headers=headers)
    assert created.status_code == 201, created.get_json()
    return {"headers": headers, "id": created.get_json()["id"]}


def upload_dir() -> str:
    from flask import current_app

    return current_app.config["UPLOAD_DIR"]


def stored() -> tuple[int, set[str]]:
    files = {str(p) for p in Path(upload_dir()).rglob("*") if p.is_file()}
    return db.session.scalar(sa.select(sa.func.count(NominationFile.id))), files


def everything() -> tuple:
    """Every table's row count and the files on disk."""
    db.session.expire_all()
    counts = tuple(db.session.scalar(sa.select(sa.func.count()).select_from(table))
                   for table in db.metadata.sorted_tables)
    return counts, stored()[1]


def send(client, draft, kind: str, data: bytes, name: str, content_type: str) -> None:
    """Upload; refused → nothing new stored; accepted → removed again."""
    before = stored()
    answer = upload(client, draft["headers"], draft["id"], kind, data, name, content_type)
    assert answer.status_code < 500, (answer.status_code, data[:40])
    if answer.status_code >= 400:
        assert answer.get_json()["error"]["code"], answer.get_data(as_text=True)
        db.session.expire_all()
        assert stored() == before, f"a refused upload ({answer.status_code}) left something behind"
        return
    assert answer.status_code == 201
    removed = client.delete(f"/api/v1/nominations/{draft['id']}/files/{answer.get_json()['id']}",
                            headers=draft["headers"])
    assert removed.status_code == 204


def png_with(width: int, height: int, rows: bytes = b"") -> bytes:
    """A PNG whose header claims width × height: a few bytes that would unpack to gigabytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows or b"\0" * 1024, 9)) \
        + chunk(b"IEND", b"")


def jpeg_with(width: int, height: int) -> bytes:
    """A real JPEG whose frame header is rewritten to claim width × height."""
    data = bytearray(JPEG)
    at = data.find(b"\xff\xc0")
    data[at + 5:at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


kinds, names, ctypes = st.sampled_from(KINDS), st.sampled_from(("a.jpg", "a.png", "a.pdf", "a", "..\\x.jpg")), \
    st.sampled_from(CONTENT_TYPES)


@settings(max_examples=EXAMPLES["random_bytes"], **FUZZ)
@given(data=st.binary(max_size=4096), kind=kinds, name=names, content_type=ctypes)
def test_random_bytes(client, draft, data, kind, name, content_type):
    send(client, draft, kind, data, name, content_type)


@settings(max_examples=EXAMPLES["truncated_images"], **FUZZ)
@given(original=st.sampled_from((JPEG, PNG)), cut=st.floats(0.0, 0.99), kind=kinds)
def test_truncated_images(client, draft, original, cut, kind):
    send(client, draft, kind, original[:int(len(original) * cut)], "photo.jpg", "image/jpeg")


@settings(max_examples=EXAMPLES["wrong_magic"], **FUZZ)
@given(magic=st.sampled_from((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"%PDF-1.7\n", b"GIF89a", b"PK\x03\x04",
                              b"<svg ", b"MZ")),
       original=st.sampled_from((JPEG, PNG, PDF)), kind=kinds, content_type=ctypes)
def test_wrong_magic(client, draft, magic, original, kind, content_type):
    """One format's magic on another's body, or in front of it (polyglots)."""
    for data in (magic + original[len(magic):], magic + original):
        send(client, draft, kind, data, "file.bin", content_type)


@settings(max_examples=EXAMPLES["bombs"], **FUZZ)
@given(width=st.integers(1, 2**31 - 1), height=st.integers(1, 2**31 - 1), fmt=st.sampled_from(("png", "jpeg")),
       kind=st.sampled_from(("id_photo", "work_photo")))
def test_decompression_bombs(client, draft, width, height, fmt, kind):
    data = png_with(width, height) if fmt == "png" else jpeg_with(min(width, 65535), min(height, 65535))
    send(client, draft, kind, data, f"bomb.{fmt}", f"image/{fmt}")


@settings(max_examples=EXAMPLES["broken_pdfs"], **FUZZ)
@given(cut=st.integers(0, len(PDF)), junk=st.binary(max_size=64), at=st.integers(0, len(PDF)),
       tail=st.sampled_from((b"", b"%%EOF", b"trailer\n<< /Root 999 0 R >>\n%%EOF", b"xref\n0 99999999\n",
                             b"1 0 obj << /Length 99999999 >> stream\n", b"1 0 obj [1 0 R] endobj\n")))
def test_broken_pdfs(client, draft, cut, junk, at, tail):
    data = PDF[:at] + junk + PDF[at:cut] + tail if at <= cut else PDF[:cut] + junk + tail
    send(client, draft, "certificate", data, "cert.pdf", "application/pdf")


def test_a_valid_upload_is_stored_and_its_removal_clears_it(client, draft):
    """The fuzz targets' bookkeeping sees what an upload stores: the check above cannot pass by seeing nothing."""
    before = stored()
    answer = upload(client, draft["headers"], draft["id"], "work_photo", JPEG)
    assert answer.status_code == 201
    after = stored()
    assert after[0] == before[0] + 1 and len(after[1]) > len(before[1])


mixed_inputs = st.one_of(
    st.binary(max_size=2048),
    st.builds(lambda original, cut: original[:int(len(original) * cut)], st.sampled_from((JPEG, PNG, PDF)),
              st.floats(0.0, 0.99)),
    st.builds(png_with, st.integers(1, 2**31 - 1), st.integers(1, 2**31 - 1)),
    st.builds(lambda magic, original: magic + original, st.sampled_from((b"%PDF-1.7\n", b"GIF89a", b"PK\x03\x04")),
              st.sampled_from((JPEG, PNG))))


def send_file(client, path: str, headers: dict, data: bytes, content_type: str) -> None:
    before = everything()
    answer = client.post(path, headers=headers, data={"file": (io.BytesIO(data), "x.jpg", content_type)},
                         content_type="multipart/form-data")
    assert answer.status_code < 500, (answer.status_code, data[:40])
    if answer.status_code >= 400:
        assert answer.get_json()["error"]["code"]
        assert everything() == before, f"a refused upload ({answer.status_code}) left something behind"
    else:
        assert answer.status_code == 201


@pytest.fixture
def objection(client, likes_app):  # noqa: F811 - the like campaign fixture
    setup = confirmed(4, 1, 1)
    headers = auth(make_user("objector"))
    made = client.post("/api/v1/objections", headers=headers, json={
        "nomination_id": setup["finalists"][1].id, "real_name": "李明", "mobile": "13912345678",
        "relation": "colleague", "content": "该同志申报的技术比武名次与实际不符，有比赛成绩册可以核对。"})
    assert made.status_code == 201, made.get_json()
    return f"/api/v1/objections/{made.get_json()['id']}/files", headers


@settings(max_examples=EXAMPLES["objection_evidence"], **FUZZ)
@given(data=mixed_inputs, content_type=ctypes)
def test_objection_evidence(client, objection, data, content_type):
    send_file(client, *objection, data, content_type)


@pytest.fixture
def letter_path(client, login, campaign):  # noqa: F811 - the nomination campaign fixture
    org_id, _rep = employer_with_representative(login)
    worker = login("fuzz-alice")
    nomination_id = submitted_self_nomination(client, worker, employer_org_id=org_id)
    return f"/api/v1/endorsements/{qr_token(client, worker, nomination_id)}/letter", login("fuzz-manager")


@settings(max_examples=EXAMPLES["endorsement_letters"], **FUZZ)
@given(data=mixed_inputs, content_type=ctypes)
def test_endorsement_letters(client, letter_path, data, content_type):
    send_file(client, *letter_path, data, content_type)


@pytest.fixture
def article_images(app, client, likes_app):  # noqa: F811 - the like campaign fixture
    """An organizer in the console, and an article about a finalist to put pictures in."""
    import re

    from app.services.accounts.console_auth import create_account
    from app.services.articles import editing
    from tests.factories.likes import make_campaign, make_nominee

    campaign_row = make_campaign("promotion")
    nominee = make_nominee(campaign_row, content_checked_at=sa.func.now())
    organizer = create_account("fuzz-zhou", "gangcheng-2019!", "organizer", "周主任", actor_label="test")
    db.session.commit()
    article_id = editing.create(organizer, nominee.id, "码头上的“机械医生”").id
    db.session.commit()
    page = client.get("/console/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post("/console/login", data={"username": "fuzz-zhou", "password": "gangcheng-2019!",
                                               "csrf_token": token}).status_code == 302
    page = client.get(f"/console/articles/{article_id}").get_data(as_text=True)
    return article_id, re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@settings(max_examples=EXAMPLES["article_images"], **FUZZ)
@given(data=mixed_inputs, content_type=ctypes, cover=st.booleans())
def test_article_images(client, article_images, data, content_type, cover):
    article_id, token = article_images
    before = everything()
    path = f"/console/articles/{article_id}/{'cover' if cover else 'images'}"
    answer = client.post(path, data={"csrf_token": token, "file": (io.BytesIO(data), "x.jpg", content_type)},
                         content_type="multipart/form-data")
    assert answer.status_code < 500, (answer.status_code, data[:40])
    if answer.status_code >= 400:  # a refusal (the page or the editor's JSON names it); else 201 or the redirect
        assert everything() == before, f"a refused picture ({answer.status_code}) left something behind"
    else:
        assert answer.status_code == (302 if cover else 201)
