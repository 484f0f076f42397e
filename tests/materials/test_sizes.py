"""Photo sizes: a thumbnail and a display size made at upload, served under addresses that change with the
photo and may be cached for a year; a command makes them for photos stored before."""
import io

import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from app.models import NominationFile
from app.models.base import utcnow
from app.services.materials import sizes
from app.services.materials.storage import get_storage
from tests.factories.nominations import campaign, complete_self_draft, jpeg_bytes, upload  # noqa: F401

YEAR = "public, max-age=31536000, immutable"


def _publish(nomination_id: int) -> None:
    from app.models import Nomination

    nomination = db.session.get(Nomination, nomination_id)
    nomination.status, nomination.content_checked_at = "finalist", utcnow()
    db.session.commit()


def _size(response) -> tuple[int, int]:
    return Image.open(io.BytesIO(response.data)).size


def test_a_public_photo_has_a_thumbnail_and_a_display_size_cached_for_a_year(client, login, campaign):
    headers = login("alice")
    nomination_id = complete_self_draft(client, headers)
    photo = db.session.scalars(sa.select(NominationFile).where(
        NominationFile.nomination_id == nomination_id, NominationFile.kind == "id_photo")).one()
    db.session.delete(photo)
    db.session.commit()
    big = upload(client, headers, nomination_id, "id_photo", jpeg_bytes(size=(1600, 2000)))
    assert big.status_code == 201
    _publish(nomination_id)

    page = client.get(f"/api/v1/nominees/{nomination_id}").get_json()
    card = client.get("/api/v1/nominees").get_json()["items"][0]
    file_id = big.get_json()["id"]
    assert card["thumbnail"].endswith(f"/api/v1/files/{file_id}/thumb/{card['thumbnail'].rsplit('/', 1)[1]}")
    display = next(u for u in page["photos"] if f"/files/{file_id}/display/" in u)

    thumb, shown = client.get(_path(card["thumbnail"])), client.get(_path(display))
    for response in (thumb, shown):
        assert response.status_code == 200 and response.mimetype == "image/jpeg"
        assert response.headers["Cache-Control"] == YEAR and response.headers["ETag"]
        again = client.get(response.request.path, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
    assert min(_size(thumb)) == 240 and _size(shown) == (750, 938)


def _path(url: str) -> str:
    return "/api/v1/" + url.split("/api/v1/", 1)[1]


def test_a_replaced_photo_gets_new_addresses_and_the_old_ones_are_gone(client, login, campaign):
    headers = login("alice")
    nomination_id = complete_self_draft(client, headers)
    _publish(nomination_id)
    old = client.get(f"/api/v1/nominees/{nomination_id}").get_json()
    old_photo = db.session.scalars(sa.select(NominationFile).where(
        NominationFile.nomination_id == nomination_id, NominationFile.kind == "id_photo")).one()
    old_keys = [sizes.size_key(old_photo.storage_key, name) for name in sizes.SIZES]
    assert client.get(_path(old["thumbnail"])).status_code == 200

    # Replacing it: the organizers return it for changes; the worker removes the photo and uploads another.
    from app.models import Nomination

    db.session.get(Nomination, nomination_id).status = "draft"
    db.session.commit()
    assert client.delete(f"/api/v1/nominations/{nomination_id}/files/{old_photo.id}", headers=headers).status_code == 204
    assert upload(client, headers, nomination_id, "id_photo", jpeg_bytes(color=(10, 200, 30))).status_code == 201
    _publish(nomination_id)
    new = client.get(f"/api/v1/nominees/{nomination_id}").get_json()
    assert new["thumbnail"] != old["thumbnail"] and not set(new["photos"]) & {old["photos"][0]}
    assert client.get(_path(new["thumbnail"])).status_code == 200
    assert client.get(_path(old["thumbnail"])).status_code == 404
    for key in old_keys:  # the old sizes left storage with their photo
        try:
            get_storage().get(key)
            raise AssertionError(f"{key} still stored")
        except FileNotFoundError:
            pass


def test_sizes_of_a_photo_nobody_else_may_see_are_not_served(client, login, campaign):
    headers = login("alice")
    nomination_id = complete_self_draft(client, headers)  # a draft: private
    photo = db.session.scalars(sa.select(NominationFile).where(
        NominationFile.nomination_id == nomination_id, NominationFile.kind == "work_photo")).first()
    path = f"/api/v1/files/{photo.id}/thumb/{sizes.content_hash(photo)}.jpg"
    assert client.get(path).status_code == 404
    mine = client.get(path, headers=headers)
    assert mine.status_code == 200 and mine.headers["Cache-Control"] == "no-store"
    assert client.get(f"/api/v1/files/{photo.id}/thumb/0000000000000000.jpg", headers=headers).status_code == 404
    assert client.get(f"/api/v1/files/{photo.id}/huge/{sizes.content_hash(photo)}.jpg", headers=headers).status_code == 404


def test_the_sizes_command_makes_sizes_for_photos_stored_before(client, runner, seeded):
    photos = list(db.session.scalars(sa.select(NominationFile).where(NominationFile.kind == "work_photo")))
    for photo in photos[:5]:  # as if uploaded before sizes existed
        sizes.delete_sizes(photo.storage_key)
    result = runner.invoke(args=["materials", "sizes"])
    assert result.exit_code == 0 and "已为 5 张照片生成缩略图和展示尺寸" in result.output
    for photo in photos[:5]:
        assert get_storage().get(sizes.size_key(photo.storage_key, "thumb"))[:3] == b"\xff\xd8\xff"
    assert "已为 0 张照片" in runner.invoke(args=["materials", "sizes"]).output


def test_the_demo_seed_has_sizes(seeded):
    photo = db.session.scalars(sa.select(NominationFile).where(NominationFile.kind == "id_photo")).first()
    for name in sizes.SIZES:
        assert get_storage().get(sizes.size_key(photo.storage_key, name))[:3] == b"\xff\xd8\xff"
