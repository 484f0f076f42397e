"""The picture of a nominee shared to a chat: 5:4 (what WeChat shows under a shared mini-program page), public
fields only — the ID photo, name, employer, trade, and the likes and place or the title won."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw

from app.models import Nomination
from app.services.nominees import poster

WIDTH, HEIGHT = 750, 600
PHOTO_BOX = (48, 150, 288, 470)  # 240 × 320, the ID photo's 3:4
TEXT_LEFT = 328


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int, smallest: int = 26):
    """The largest font (down to `smallest`) in which the text fits the width on one line; cut with … if none does."""
    while size > smallest and draw.textlength(text, font=poster.font(size)) > width:
        size -= 2
    font = poster.font(size)
    while text and draw.textlength(text, font=font) > width:
        text = text[:-2] + "…"
    return text, font


def render(nomination: Nomination, *, likes: int | None, rank: int | None, title: str | None,
           invite_likes: bool, photo: bytes | None = None) -> bytes:
    """The share card as PNG bytes."""
    canvas = Image.new("RGB", (WIDTH, HEIGHT), poster.RED)
    draw = ImageDraw.Draw(canvas)
    draw.text((48, 48), "寻找身边的港城工匠", font=poster.font(44), fill=poster.GOLD)
    draw.rectangle((PHOTO_BOX[0] - 6, PHOTO_BOX[1] - 6, PHOTO_BOX[2] + 6, PHOTO_BOX[3] + 6), fill=poster.GOLD)
    poster.draw_photo(canvas, photo, nomination.name, PHOTO_BOX)
    width = WIDTH - TEXT_LEFT - 40
    text, font = _fit(draw, nomination.name or "", 88, width)
    draw.text((TEXT_LEFT, 150), text, font=font, fill=poster.PAPER)
    y = 150 + font.size + 30
    for line in (nomination.employer_name, "　".join(p for p in (nomination.trade, nomination.skill_level) if p)):
        if line:
            text, font = _fit(draw, line, 34, width)
            draw.text((TEXT_LEFT, y), text, font=font, fill=poster.PAPER)
            y += font.size + 18
    if title:
        text, font = _fit(draw, title, 48, width)
        draw.rounded_rectangle((TEXT_LEFT, 390, TEXT_LEFT + draw.textlength(text, font=font) + 40, 470), 12,
                               fill=poster.GOLD)
        draw.text((TEXT_LEFT + 20, 430), text, font=font, fill=poster.RED, anchor="lm")
    elif likes is not None:
        text, font = _fit(draw, poster.likes_line(likes, rank), 44, width)
        draw.text((TEXT_LEFT, 470), text, font=font, fill=poster.GOLD, anchor="ls")
    call = "为 TA 点赞" if invite_likes else "看看工匠的故事"
    draw.text((WIDTH // 2, HEIGHT - 40), call, font=poster.font(36), fill=poster.GOLD, anchor="ms")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return buffer.getvalue()


def nominee_share_card(nomination_id: int) -> bytes:
    """The share card of a public nominee (the profile's rule), cached like the poster."""
    nomination = poster.public_nominee(nomination_id)
    return poster.cached("share", nomination,
                         lambda facts: render(nomination, photo=poster.nominee_photo(nomination), **facts))
