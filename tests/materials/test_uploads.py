"""Materials: a good photo is stored clean of EXIF/GPS; every malicious or broken file is refused with a
4xx and a Chinese message, and nothing is stored; files reach only those allowed to see them."""
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

from app.extensions import db
from app.models import Nomination, NominationFile
from app.models.base import utcnow
from app.services.materials.storage import get_storage
from tests.factories.nominations import (campaign, complete_self_draft, jpeg_bytes, pdf_bytes, png_bytes,  # noqa: F401
                                         upload)


def _exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "TestMaker"
    exif[0x0110] = "SecretPhone"
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (34.0, 35.0, 59.0), 3: "E", 4: (119.0, 13.0, 0.0)}
    return exif.tobytes()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bomb_png(side: int = 12000) -> bytes:
    """A small file that claims 144 million grey pixels (all zero): a decompression bomb."""
    packer = zlib.compressobj(9)
    row = b"\x00" * (side + 1)
    idat = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b""))


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", "<html><body>hello</body></html>")
    return out.getvalue()


def _pdf_with_javascript() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_open_action(JavaScript("app.alert('hi');"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _picture(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (50, 50), (1, 2, 3)).save(out, format=fmt)
    return out.getvalue()


MALICIOUS = {
    "html named .jpg": ("work_photo", b"<html><script>alert(1)</script></html>", 415, "unsupported_file_type"),
    "svg": ("work_photo", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 415,
            "unsupported_file_type"),
    "gif": ("work_photo", _picture("GIF"), 415, "unsupported_file_type"),
    "bmp": ("id_photo", _picture("BMP"), 415, "unsupported_file_type"),
    "windows program": ("certificate", b"MZ\x90\x00" + b"\x00" * 200, 415, "unsupported_file_type"),
    "zip as certificate": ("certificate", _zip_bytes(), 415, "unsupported_file_type"),
    "pdf as work photo": ("work_photo", pdf_bytes(), 415, "unsupported_file_type"),
    "empty file": ("work_photo", b"", 400, "empty_file"),
    "truncated jpeg": ("work_photo", jpeg_bytes()[:3000], 400, "file_damaged"),
    "truncated png": ("work_photo", png_bytes()[:-20], 400, "file_damaged"),
    "jpeg with zip appended": ("work_photo", jpeg_bytes() + _zip_bytes(), 400, "file_rejected"),
    "jpeg with script appended": ("work_photo", jpeg_bytes() + b"<script>alert(document.cookie)</script>", 400,
                                  "file_rejected"),
    "jpeg with script in a comment": ("work_photo", jpeg_bytes(comment=b"<script>alert(1)</script>"), 400,
                                      "file_rejected"),
    "png with zip appended": ("work_photo", png_bytes() + _zip_bytes(), 400, "file_rejected"),
    "pdf with jpeg header": ("certificate", b"\xff\xd8\xff\xe0" + pdf_bytes(), 400, "file_damaged"),
    "pdf with html after its end": ("certificate", pdf_bytes() + b"\n<html><script>x()</script></html>", 400,
                                    "file_rejected"),
    "truncated pdf": ("certificate", pdf_bytes()[:300], 400, "file_damaged"),
    "pdf with javascript": ("certificate", _pdf_with_javascript(), 400, "file_rejected"),
    "decompression bomb": ("work_photo", _bomb_png(), 400, "image_too_large"),
}


def _stored_state(app):
    files = sorted(p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file())
    return files, db.session.scalar(sa.select(sa.func.count(NominationFile.id)))


@pytest.mark.parametrize("case", list(MALICIOUS))
def test_malicious_or_broken_files_are_refused_and_nothing_is_stored(app, client, login, campaign, case):
    kind, data, status, code = MALICIOUS[case]
    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    before = _stored_state(app)
    response = upload(client, alice, nomination_id, kind, data, "photo.jpg", "image/jpeg")
    assert response.status_code == status, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"])  # told in Chinese
    assert _stored_state(app) == before


def test_a_good_jpeg_is_stored_upright_without_exif_gps_or_comments(client, login, campaign):
    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    xmp = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><exif:GPSLatitude>34,35N</exif:GPSLatitude></x:xmpmeta>"
    original = jpeg_bytes((200, 100), exif=_exif_with_gps(), comment=b"taken at home", xmp=xmp)
    assert b"SecretPhone" in original and b"GPSLatitude" in original
    response = upload(client, alice, nomination_id, "work_photo", original, "IMG_0001.jpg")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["content_type"], body["width"], body["height"]) == ("image/jpeg", 100, 200)

    row = db.session.get(NominationFile, body["id"])
    stored = get_storage().get(row.storage_key)
    for secret in (b"Exif", b"SecretPhone", b"TestMaker", b"GPSLatitude", b"taken at home", b"xmpmeta"):
        assert secret not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (100, 200) and len(image.getexif()) == 0
    served = client.get(body["url"].removeprefix("http://127.0.0.1:8000"))
    assert served.status_code == 200 and served.data == stored


def test_png_text_chunks_are_dropped_and_pdf_certificates_kept(client, login, campaign):
    from PIL import PngImagePlugin

    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "GPS 34.59N 119.22E")
    png = upload(client, alice, nomination_id, "work_photo", png_bytes(pnginfo=info), "a.png", "image/png")
    assert png.status_code == 201
    stored = get_storage().get(db.session.get(NominationFile, png.get_json()["id"]).storage_key)
    assert b"GPS" not in stored and Image.open(io.BytesIO(stored)).format == "PNG"
    pdf = upload(client, alice, nomination_id, "certificate", pdf_bytes(), "证书.pdf", "application/pdf")
    assert pdf.status_code == 201 and pdf.get_json()["content_type"] == "application/pdf"


def test_size_and_pixel_limits_come_from_the_configuration(app, client, login, campaign, monkeypatch):
    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    noisy = io.BytesIO()
    Image.effect_noise((400, 400), 80).convert("RGB").save(noisy, format="JPEG", quality=100)
    monkeypatch.setitem(app.config, "UPLOAD_IMAGE_MAX_BYTES", 20_000)
    too_big = upload(client, alice, nomination_id, "work_photo", noisy.getvalue())
    assert too_big.status_code == 413 and too_big.get_json()["error"]["code"] == "file_too_large"
    monkeypatch.setitem(app.config, "UPLOAD_IMAGE_MAX_BYTES", 10 * 1024 * 1024)
    monkeypatch.setitem(app.config, "UPLOAD_IMAGE_MAX_PIXELS", 100_000)
    too_many_pixels = upload(client, alice, nomination_id, "work_photo", jpeg_bytes((800, 600)))
    assert too_many_pixels.status_code == 400
    assert too_many_pixels.get_json()["error"]["message"].startswith("图片像素过大")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    body_too_big = upload(client, alice, nomination_id, "work_photo", jpeg_bytes())
    assert body_too_big.status_code == 413 and body_too_big.get_json()["error"]["code"] == "payload_too_large"
    assert _stored_state(app)[1] == 0


def test_files_reach_only_those_allowed(client, login, campaign):
    alice, bob = login("alice"), login("bob")
    nomination_id = complete_self_draft(client, alice)
    files = {f["kind"]: f for f in client.get(f"/api/v1/nominations/{nomination_id}", headers=alice)
             .get_json()["files"]}
    photo, certificate = files["work_photo"], files["certificate"]
    plain = f"/api/v1/files/{photo['id']}"
    assert client.get(plain).status_code == 404
    assert client.get(plain, headers=bob).status_code == 404
    own = client.get(plain, headers=alice)
    assert own.status_code == 200 and own.headers["X-Content-Type-Options"] == "nosniff"
    signed = photo["url"].removeprefix("http://127.0.0.1:8000")
    assert client.get(signed).status_code == 200  # a signed address works without headers (<image src>)
    assert client.get(signed[:-1] + ("0" if signed[-1] != "0" else "1")).status_code == 404
    expired = signed.replace("expires=", "expires=1")
    assert client.get(expired).status_code == 404

    # Once the nominee is public, their photos are public; certificate scans never are.
    nomination = db.session.get(Nomination, nomination_id)
    nomination.status, nomination.content_checked_at = "endorsed", utcnow()
    db.session.commit()
    assert client.get(plain).status_code == 200
    assert client.get(f"/api/v1/files/{certificate['id']}").status_code == 404
    own_scan = client.get(f"/api/v1/files/{certificate['id']}", headers=alice)
    assert own_scan.status_code == 200 and own_scan.mimetype == "application/pdf"


def test_deleting_a_file_removes_it_from_storage(app, client, login, campaign):
    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    file_id = upload(client, alice, nomination_id, "work_photo", jpeg_bytes()).get_json()["id"]
    key = db.session.get(NominationFile, file_id).storage_key
    assert client.delete(f"/api/v1/nominations/{nomination_id}/files/{file_id}", headers=alice).status_code == 204
    with pytest.raises(FileNotFoundError):
        get_storage().get(key)
    assert client.delete(f"/api/v1/nominations/{nomination_id}/files/{file_id}", headers=alice).status_code == 404


def test_an_upload_without_a_valid_kind_or_file_is_a_field_error(client, login, campaign):
    alice = login("alice")
    nomination_id = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()["id"]
    wrong_kind = upload(client, alice, nomination_id, "selfie", jpeg_bytes())
    assert wrong_kind.status_code == 400
    assert list(wrong_kind.get_json()["error"]["details"]["fields"]) == ["kind"]
    no_file = client.post(f"/api/v1/nominations/{nomination_id}/files", headers=alice, data={"kind": "work_photo"},
                          content_type="multipart/form-data")
    assert no_file.status_code == 400 and list(no_file.get_json()["error"]["details"]["fields"]) == ["file"]
