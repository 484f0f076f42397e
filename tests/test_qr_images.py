"""The Chinese caption under the QR code is drawn with a real CJK font: characters, not boxes."""
import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont

from app.extensions import db
from app.models import Nomination
from app.models.base import utcnow
from app.services import qr_images
from app.services.endorsement import decisions
from tests.factories.endorsement import employer_with_representative, submitted_self_nomination
from tests.factories.nominations import campaign  # noqa: F401

CAPTION = "请单位负责人使用微信扫码确认"
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_the_font_found_draws_every_character_of_the_caption(ctx):
    found = qr_images.cjk_font_file()
    assert found is not None, "a CJK font is installed (.ci/run installs fonts-noto-cjk)"
    font = qr_images.cjk_font(32)
    notdef = qr_images.glyph_bitmap(font, qr_images.NOT_A_CHARACTER)
    bitmaps = {char: qr_images.glyph_bitmap(font, char) for char in set(CAPTION + "赵建国港城工匠")}
    assert all(bitmap != notdef for bitmap in bitmaps.values()), "no character is drawn as the missing-glyph box"
    assert all(sum(bitmap[1]) > 0 for bitmap in bitmaps.values()), "no character is blank"
    assert len(set(bitmaps.values())) == len(bitmaps), "different characters give different pictures"


@pytest.mark.skipif(not Path(DEJAVU).is_file(), reason="needs a font without Chinese to compare with")
def test_a_font_without_chinese_is_recognised_and_passed_over(ctx, monkeypatch):
    latin = ImageFont.truetype(DEJAVU, 32)
    assert not qr_images.draws(latin, "港") and qr_images.draws(latin, "A")
    # Configured to a font without Chinese, the service still finds one that has it.
    monkeypatch.setitem(ctx.config, "CJK_FONT", DEJAVU)
    path, _index = qr_images.cjk_font_file()
    assert path != DEJAVU and qr_images.draws(qr_images.cjk_font(32), "港")


def test_the_endorsement_picture_carries_the_nominees_name_and_the_caption(client, login, campaign):
    org_id, _rep = employer_with_representative(login)
    alice = login("alice")
    nomination_id = submitted_self_nomination(client, alice, employer_org_id=org_id)
    response = client.get(f"/api/v1/nominations/{nomination_id}/endorsement-qr", headers=alice)
    picture = Image.open(io.BytesIO(response.data)).convert("RGB")

    nomination = db.session.get(Nomination, nomination_id)
    lines = decisions.qr_caption(nomination, utcnow())
    assert lines[0].text == "赵建国（数控车工）" and lines[2].text == CAPTION
    # The bottom of the picture is exactly the caption as drawn with the CJK font (its expiry line aside).
    caption = qr_images.caption_image(lines[:-1], picture.width)
    expiry = qr_images.caption_image(lines[-1:], picture.width)
    rendered = qr_images.caption_image(lines, picture.width)
    assert rendered.height < caption.height + expiry.height  # one bottom padding, not two
    bottom = picture.crop((0, picture.height - rendered.height, picture.width, picture.height))
    top_of_caption = bottom.crop((0, 0, picture.width, caption.height - 24))
    assert ImageChops.difference(top_of_caption, caption.crop((0, 0, picture.width, caption.height - 24))).getbbox() \
        is None
    # And there is ink in it: dark pixels where the words are.
    assert sum(1 for pixel in top_of_caption.convert("L").get_flattened_data() if pixel < 70) > 500
