"""The e-certificate as a PNG: A4 landscape, red and gold, the title in large serif type, a QR code to verify."""
from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from app.services.errors import DomainError
from app.services.qr_images import cjk_font_file, qr_picture

WIDTH, HEIGHT = 2339, 1654  # A4 landscape at 200 dpi
RED, DEEP_RED, GOLD, INK, MUTED = (168, 24, 30), (120, 10, 16), (196, 154, 72), (40, 30, 25), (105, 90, 80)
PAPER = (255, 251, 240)
# A serif face reads as formal; Debian's fonts-noto-cjk-extra has it. Otherwise the CJK sans the app finds.
SERIF_FACES = (("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
               ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2))
ISSUER = "连云港市总工会"


@dataclass(frozen=True)
class CertificateText:
    name: str
    title: str
    year: int
    employer: str
    serial: str
    issued_on: str  # "二〇一九年十一月"
    verify_url: str


@lru_cache(maxsize=32)
def _font(size: int, serif: bool = True) -> ImageFont.FreeTypeFont:
    faces = [f for f in SERIF_FACES if Path(f[0]).is_file()] if serif else []
    found = faces[0] if faces else cjk_font_file()
    if not found:
        raise DomainError("certificate_unavailable", "证书字体缺失，暂时无法生成电子证书", 503)
    return ImageFont.truetype(found[0], size, index=found[1])


def _centre(draw: ImageDraw.ImageDraw, y: int, text: str, font, fill, spacing: int = 0) -> None:
    if spacing:  # letter-spaced, as titles on certificates are
        widths = [draw.textlength(c, font=font) for c in text]
        x = (WIDTH - (sum(widths) + spacing * (len(text) - 1))) / 2
        for char, w in zip(text, widths):
            draw.text((x, y), char, font=font, fill=fill)
            x += w + spacing
        return
    draw.text(((WIDTH - draw.textlength(text, font=font)) / 2, y), text, font=font, fill=fill)


def _border(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((40, 40, WIDTH - 40, HEIGHT - 40), outline=RED, width=28)
    draw.rectangle((92, 92, WIDTH - 92, HEIGHT - 92), outline=GOLD, width=6)
    draw.rectangle((108, 108, WIDTH - 108, HEIGHT - 108), outline=GOLD, width=2)
    for cx, cy in ((108, 108), (WIDTH - 108, 108), (108, HEIGHT - 108), (WIDTH - 108, HEIGHT - 108)):
        draw.regular_polygon((cx, cy, 34), 4, rotation=45, fill=GOLD, outline=DEEP_RED)
        draw.regular_polygon((cx, cy, 16), 4, rotation=45, fill=RED)


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.38
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    return points


def _seal(image: Image.Image, centre: tuple[int, int]) -> Image.Image:
    """A round seal in translucent red with a star, over the issuer as on paper (it imitates no real seal)."""
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    ink = (*RED, 150)
    cx, cy, r = *centre, 150
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=10)
    draw.ellipse((cx - r + 18, cy - r + 18, cx + r - 18, cy + r - 18), outline=ink, width=3)
    draw.polygon(_star(cx, cy - 12, 60), fill=ink)
    return Image.alpha_composite(image.convert("RGBA"), layer).convert("RGB")


def render(text: CertificateText) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    _border(draw)
    _centre(draw, 190, "荣 誉 证 书", _font(150), RED, spacing=40)
    draw.line((WIDTH / 2 - 420, 392, WIDTH / 2 + 420, 392), fill=GOLD, width=4)
    body = _font(62)
    left = 330
    draw.text((left, 470), f"{text.name}  同志：", font=_font(78), fill=INK)
    lines = (f"在{text.year}年度寻找“身边的港城工匠”选树活动中，经推荐申报、",
             "考察审核、技能推介、评议公告，被授予")
    for i, line in enumerate(lines):
        draw.text((left + (124 if i == 0 else 0), 600 + i * 100), line, font=body, fill=INK)
    _centre(draw, 820, f"“{text.title}”", _font(132), DEEP_RED, spacing=16)
    _centre(draw, 1000, "称号。特发此证，以资鼓励。", body, INK)
    small = _font(38, serif=False)
    draw.text((left, 1120), f"工作单位：{text.employer}", font=small, fill=MUTED)
    # The issuer and date at the lower right, the seal over them as on paper certificates.
    issuer_font, date_font = _font(66), _font(52)
    right = WIDTH - 360
    draw.text((right - draw.textlength(ISSUER, font=issuer_font), 1250), ISSUER, font=issuer_font, fill=INK)
    draw.text((right - draw.textlength(text.issued_on, font=date_font), 1350), text.issued_on, font=date_font, fill=INK)
    image = _seal(image, (right - 200, 1320))
    draw = ImageDraw.Draw(image)
    # The QR code and serial at the lower left: scanning it opens the public verification page.
    qr = qr_picture(text.verify_url, 260)
    image.paste(qr, (left - 10, 1200))
    note = _font(30, serif=False)
    draw.text((left + 270, 1250), "扫码查验证书真伪", font=note, fill=MUTED)
    draw.text((left + 270, 1300), f"证书编号：{text.serial}", font=note, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
