"""Share posters: a PNG with the nominee's photo, name, employer, trade, likes and place (for a nominee in the likes),
the title won, and a QR code to the page."""
from __future__ import annotations

import io
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import qrcode
import qrcode.image.pil
from flask import current_app
from PIL import Image, ImageDraw, ImageFont, ImageOps

from app.extensions import db
from app.models import Nomination
from app.models.material import PUBLIC_FILE_KINDS
from app.redis_store import get_redis
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found
from app.services.likes.counts import like_counts
from app.services.materials.storage import get_storage
from app.services.nominations.access import is_public
from app.services.nominees.profiles import rank_of, title_won

WIDTH, HEIGHT = 750, 1240
RED, GOLD, INK, GREY, PAPER = (178, 34, 34), (250, 218, 160), (40, 40, 40), (110, 110, 110), (255, 250, 242)
POSTER_CACHE_SECONDS = 600
PHOTO_BOX = (225, 250, 525, 650)  # 300 × 400, the ID photo's 3:4
# Debian's CJK fonts (fonts-wqy-zenhei is what .ci/run installs), most preferred first.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


@lru_cache(maxsize=4)
def _find_font(configured: str) -> str:
    for candidate in (configured, *FONT_CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True,
                               timeout=5).stdout.strip()
        if found and Path(found).is_file() and "DejaVu" not in found:
            return found
    raise DomainError("poster_unavailable", "海报字体缺失，暂时无法生成海报", 503)


def font_path() -> str:
    """The CJK font posters use: POSTER_FONT, else one found on the system."""
    return _find_font(current_app.config.get("POSTER_FONT", ""))


@lru_cache(maxsize=16)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def page_url(nomination: Nomination) -> str:
    # A standard QR of this link opens the mini-program's nominee page (see app/api/links.py).
    return f"{current_app.config['PUBLIC_BASE_URL']}/mp/nominee?id={nomination.id}"


def _qr(text: str, size: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, box_size=8,
                         image_factory=qrcode.image.pil.PilImage)
    code.add_data(text)
    code.make(fit=True)
    return code.make_image().get_image().convert("RGB").resize((size, size), Image.NEAREST)


def _centered(draw: ImageDraw.ImageDraw, y: int, text: str, font, fill, max_width: int = WIDTH - 80) -> int:
    """Draw `text` centred at height y, wrapped to max_width; returns the y below it."""
    lines, line = [], ""
    for char in text:
        if draw.textlength(line + char, font=font) > max_width and line:
            lines.append(line)
            line = ""
        line += char
    lines.append(line)
    for line in lines:
        draw.text((WIDTH // 2, y), line, font=font, fill=fill, anchor="mt")
        y += int(font.size * 1.35)
    return y


def draw_photo(canvas: Image.Image, photo: bytes | None, name: str, box: tuple = PHOTO_BOX) -> None:
    """The ID photo fitted to a 3:4 box (kept whole: the box has its proportions), else the initial on gold."""
    draw = ImageDraw.Draw(canvas)
    if photo:
        try:
            with Image.open(io.BytesIO(photo)) as picture:
                fitted = ImageOps.fit(ImageOps.exif_transpose(picture).convert("RGB"),
                                      (box[2] - box[0], box[3] - box[1]), centering=(0.5, 0.3))
            canvas.paste(fitted, box[:2])
            return
        except (OSError, ValueError, Image.DecompressionBombError):
            pass  # an unreadable photo gets the initial, like no photo
    draw.rectangle(box, fill=GOLD)
    centre = ((box[0] + box[2]) // 2, (box[1] + box[3]) // 2)
    draw.text(centre, (name or "匠")[0], font=font(int((box[3] - box[1]) * 0.4)), fill=RED, anchor="mm")


def font(size: int) -> ImageFont.FreeTypeFont:
    """The CJK font in a size."""
    return _font(font_path(), size)


def likes_line(likes: int | None, rank: int | None) -> str:
    """What a poster or share card says of the likes: the count and the place (ties share it)."""
    if likes is None:
        return ""
    return f"已获 {likes:,} 个赞" + (f" · 第 {rank} 名" if rank else "")


def render(nomination: Nomination, likes: int | None, photo: bytes | None = None, *, rank: int | None = None,
           title: str | None = None, invite_likes: bool = True) -> bytes:
    """The poster as PNG bytes; `likes` None leaves the likes out (a nominee not in them)."""
    path = font_path()
    canvas = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, WIDTH, 210), fill=RED)
    draw.text((WIDTH // 2, 56), "寻找身边的港城工匠", font=_font(path, 52), fill=GOLD, anchor="mt")
    draw.text((WIDTH // 2, 140), "连云港市总工会", font=_font(path, 28), fill=PAPER, anchor="mt")
    draw_photo(canvas, photo, nomination.name)
    y = _centered(draw, 690, nomination.name or "", _font(path, 64), INK)
    y = _centered(draw, y + 10, nomination.employer_name or "", _font(path, 30), GREY)
    trade = "　".join(part for part in (nomination.trade, nomination.skill_level) if part)
    y = _centered(draw, y + 4, trade, _font(path, 30), GREY)
    # The title won says it all once likes are over; otherwise the count and the place.
    if title:
        _ribbon(draw, y + 20, f"荣获“{title}”称号", _font(path, 36))
    elif likes is not None:
        _centered(draw, y + 24, likes_line(likes, rank), _font(path, 44), RED)
    qr_size = 200
    canvas.paste(_qr(page_url(nomination), qr_size), (WIDTH - qr_size - 50, HEIGHT - qr_size - 50))
    draw.text((60, HEIGHT - 180), "长按识别二维码", font=_font(path, 34), fill=INK)
    draw.text((60, HEIGHT - 130), "为身边的工匠点赞" if invite_likes else "看看工匠的故事", font=_font(path, 34), fill=RED)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def _ribbon(draw: ImageDraw.ImageDraw, y: int, text: str, font) -> int:
    """A red band with gold text, centred at height y (the title won); returns the y below it."""
    width = int(draw.textlength(text, font=font)) + 64
    draw.rounded_rectangle(((WIDTH - width) // 2, y, (WIDTH + width) // 2, y + font.size + 28), 12, fill=RED)
    draw.text((WIDTH // 2, y + 14), text, font=font, fill=GOLD, anchor="mt")
    return y + font.size + 28


def nominee_photo(nomination: Nomination) -> bytes | None:
    """The nominee's ID photo (else the first work photo): public files only; None draws the initial."""
    photos = sorted((f for f in nomination.files if f.kind in PUBLIC_FILE_KINDS),
                    key=lambda f: (PUBLIC_FILE_KINDS.index(f.kind), f.id))
    for photo in photos:
        try:
            return get_storage().get(photo.storage_key)
        except FileNotFoundError:
            continue  # a lost file must not break the poster
    return None


def nominee_poster(nomination_id: int) -> bytes:
    """The poster of a public nominee (the profile's rule), cached in Redis per like count (a new like gives a
    new poster)."""
    nomination = public_nominee(nomination_id)
    return cached("poster", nomination, lambda facts: render(nomination, photo=nominee_photo(nomination), **facts))


def public_nominee(nomination_id: int) -> Nomination:
    """A nominee whose profile is public (the profile's rule), else 404."""
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or not is_public(nomination):
        raise not_found("候选人")
    return nomination


def public_facts(nomination: Nomination) -> dict:
    """What a poster or share card shows that changes: likes and place (nominees in the likes only), the title won,
    and whether likes are open (the invitation to like)."""
    rank = rank_of(nomination)
    likes = like_counts(nomination.campaign_id, [nomination.id])[nomination.id] if rank is not None else None
    return {"likes": likes, "rank": rank, "title": title_won(nomination),
            "invite_likes": rank is not None and stages.is_open(nomination.campaign, "likes")}


def cached(kind: str, nomination: Nomination, draw) -> bytes:
    """The picture from Redis, drawn again whenever what it shows changes (a new like gives a new one)."""
    facts = public_facts(nomination)
    key = f"likes:{kind}:{nomination.id}:" + ":".join(str(facts[k]) for k in sorted(facts))
    found = get_redis().get(key)
    if found is not None:
        return found
    png = draw(facts)
    get_redis().set(key, png, ex=POSTER_CACHE_SECONDS)
    return png
