"""The share poster: a PNG with Chinese text really drawn, the like count, and a QR code to the page."""
import io

from PIL import Image, ImageChops, ImageFont
from pyzbar.pyzbar import decode

import pytest

from app.extensions import db
from app.models.base import utcnow
from app.services.likes import liking
from app.services.nominees import poster
from tests.factories.likes import campaign, likes_app, make_nominee, make_user  # noqa: F401

NAME_BAND = (0, 680, 750, 780)  # where the name is written, below the photo


def as_image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def test_the_font_has_real_glyphs_for_chinese(likes_app):
    font = ImageFont.truetype(poster.font_path(), 64)
    missing = font.getmask("\U0010fffd")  # a code point no font draws: its .notdef box (or nothing)
    masks = {}
    for char in "港城工匠王建军李秀英点赞":
        mask = font.getmask(char)
        assert mask.getbbox() is not None, char
        assert bytes(mask) != bytes(missing) or mask.size != missing.size, char
        masks[char] = (mask.size, bytes(mask))
    assert len(set(masks.values())) == len(masks)  # tofu would draw every character alike


def public_nominee(campaign, **fields):
    """A nominee as the public sees them: past submission, its text content-checked."""
    return make_nominee(campaign, content_checked_at=utcnow(), **fields)


def test_the_poster_draws_the_name_counts_likes_and_links_the_page(app, client, campaign):
    nominee = public_nominee(campaign, name="王建军")
    response = client.get(f"/api/v1/nominees/{nominee.id}/poster")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == "public, max-age=60"
    image = as_image(response.data)
    assert image.size == (poster.WIDTH, poster.HEIGHT)
    assert [code.data.decode() for code in decode(image)] == [f"{app.config['PUBLIC_BASE_URL']}/mp/nominee?id={nominee.id}"]
    # Scanned outside WeChat, the link tells people to open it in WeChat.
    assert "微信" in client.get(f"/mp/nominee?id={nominee.id}").get_data(as_text=True)

    liking.like(make_user("alice").id, nominee.id, "198.51.100.1")
    liked = as_image(client.get(f"/api/v1/nominees/{nominee.id}/poster").data)
    changed = ImageChops.difference(image.convert("RGB"), liked.convert("RGB")).getbbox()
    assert changed is not None and changed[1] > NAME_BAND[3]  # only the like count below the name changed


def test_different_names_draw_different_text(likes_app, campaign):
    first = make_nominee(campaign, name="王建军")
    second = make_nominee(campaign, name="李秀英")
    one = as_image(poster.render(first, 0)).convert("RGB")
    other = as_image(poster.render(second, 0)).convert("RGB")
    # The photo placeholder shows the surname; the name band holds the name itself.
    diff = ImageChops.difference(one, other)
    assert diff.crop(NAME_BAND).getbbox() is not None
    assert diff.crop((0, 0, 750, 240)).getbbox() is None  # the shared header is identical
    band = one.crop(NAME_BAND).convert("L")
    assert band.getextrema()[0] < 100  # dark ink on the light paper


def test_a_photo_fills_the_photo_box(likes_app, campaign):
    nominee = make_nominee(campaign)
    photo = io.BytesIO()
    Image.new("RGB", (600, 800), (20, 90, 200)).save(photo, format="JPEG")
    image = as_image(poster.render(nominee, 12, photo.getvalue())).convert("RGB")
    centre = ((poster.PHOTO_BOX[0] + poster.PHOTO_BOX[2]) // 2, (poster.PHOTO_BOX[1] + poster.PHOTO_BOX[3]) // 2)
    red, green, blue = image.getpixel(centre)
    assert blue > 150 and red < 60


def test_the_poster_through_the_api_shows_the_stored_id_photo(client, campaign):
    from app.models import NominationFile
    from app.services.materials.storage import get_storage

    nominee = public_nominee(campaign)
    photo = io.BytesIO()
    Image.new("RGB", (600, 800), (20, 90, 200)).save(photo, format="JPEG")
    key = get_storage().put(photo.getvalue(), ".jpg")
    db.session.add(NominationFile(nomination_id=nominee.id, kind="id_photo", content_type="image/jpeg",
                                  size=len(photo.getvalue()), width=600, height=800, sha256="0" * 64,
                                  storage_key=key))
    db.session.commit()
    response = client.get(f"/api/v1/nominees/{nominee.id}/poster")
    assert response.status_code == 200 and response.mimetype == "image/png"
    image = as_image(response.data).convert("RGB")
    centre = ((poster.PHOTO_BOX[0] + poster.PHOTO_BOX[2]) // 2, (poster.PHOTO_BOX[1] + poster.PHOTO_BOX[3]) // 2)
    red, _green, blue = image.getpixel(centre)
    assert blue > 150 and red < 60


@pytest.mark.parametrize(("status", "checked"), [
    ("submitted", True), ("endorsed", True), ("under_review", True), ("finalist", True), ("winner", True),
    ("not_selected", True), ("draft", True), ("awaiting_endorsement", True), ("rejected", True),
    ("withdrawn", True), ("finalist", False)])
def test_a_nominee_has_a_poster_exactly_when_their_profile_is_public(client, campaign, status, checked):
    nominee = make_nominee(campaign, status=status, content_checked_at=utcnow() if checked else None)
    profile = client.get(f"/api/v1/nominees/{nominee.id}")
    poster_answer = client.get(f"/api/v1/nominees/{nominee.id}/poster")
    assert poster_answer.status_code == profile.status_code
    assert poster_answer.status_code == (200 if checked and status not in (
        "draft", "awaiting_endorsement", "rejected", "withdrawn") else 404)


def test_an_unknown_nominee_has_no_poster(client, campaign):
    assert client.get("/api/v1/nominees/999999/poster").get_json()["error"]["code"] == "not_found"
