"""Pictures with a code to scan, and Chinese text drawn with a CJK font found on the system.

`code_image()` makes the PNG a person shows or prints: an official mini-program code (wxacode, `scene` =
a token) when WeChat is configured, else a standard QR code of a link carrying the token; either way with
lines of Chinese text under it. The endorsement QR and the representative invitation use it; so can any
other picture that needs a QR code or Chinese text (`qr_picture()`, `cjk_font()`).
"""
from __future__ import annotations

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import qrcode
import qrcode.image.pil
import requests
from flask import current_app
from PIL import Image, ImageDraw, ImageFont
from wechatpy.exceptions import WeChatClientException

from app.services.errors import DomainError
from app.wechat import get_wechat

log = logging.getLogger(__name__)

# Asked of fontconfig first, then these files (Debian's fonts-noto-cjk, fonts-wqy-*, fonts-arphic-*).
FONTCONFIG_PATTERNS = ("Noto Sans CJK SC:lang=zh-cn", ":lang=zh-cn")
KNOWN_FONT_FILES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2: the Simplified Chinese face
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)
# Characters a font must draw (not as its "missing glyph" box) to be used for Chinese text.
PROBE = "港城工匠请扫码确认"
NOT_A_CHARACTER = "\U0010fffd"  # a private-use code point no font maps: it draws the .notdef glyph

INK, MUTED, PAPER = (33, 33, 33), (110, 110, 110), (255, 255, 255)


@dataclass(frozen=True)
class Line:
    text: str
    size: int = 26
    muted: bool = False


def expiry_line(expires_at: datetime, timezone: str = "Asia/Shanghai") -> Line:
    local = expires_at.astimezone(ZoneInfo(timezone))
    return Line(f"有效期至{local.year}年{local.month}月{local.day}日 {local:%H:%M}，仅可使用一次", 20, muted=True)


def glyph_bitmap(font: ImageFont.FreeTypeFont, char: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


def draws(font: ImageFont.FreeTypeFont, char: str) -> bool:
    """Whether the font has a real glyph for the character, rather than its .notdef box (tofu)."""
    return glyph_bitmap(font, char) != glyph_bitmap(font, NOT_A_CHARACTER)


def _covers_chinese(path: str, index: int) -> bool:
    try:
        font = ImageFont.truetype(path, 24, index=index)
    except OSError:
        return False
    return all(draws(font, char) for char in PROBE)


def _fontconfig_candidates() -> list[tuple[str, int]]:
    if not shutil.which("fc-match"):
        return []
    found = []
    for pattern in FONTCONFIG_PATTERNS:
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}\t%{index}", pattern], capture_output=True,
                                 text=True, timeout=5, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            continue
        path, _, index = out.partition("\t")
        if path:
            found.append((path, int(index) if index.isdigit() else 0))
    return found


@lru_cache(maxsize=4)
def _discover(configured: str) -> tuple[str, int] | None:
    candidates = []
    if configured:
        path, _, index = configured.partition(":")
        candidates.append((path, int(index) if index.isdigit() else 0))
    candidates += _fontconfig_candidates() + list(KNOWN_FONT_FILES)
    for path, index in candidates:
        if Path(path).is_file() and _covers_chinese(path, index):
            return path, index
    return None


def cjk_font_file() -> tuple[str, int] | None:
    """(path, face index) of a font that draws Chinese: CJK_FONT if set and usable, else one found."""
    return _discover(current_app.config.get("CJK_FONT", ""))


@lru_cache(maxsize=32)
def _font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index)


def cjk_font(size: int) -> ImageFont.FreeTypeFont | None:
    found = cjk_font_file()
    return _font(found[0], found[1], size) if found else None


# Punctuation that may not begin a line in Chinese typesetting: it stays at the end of the line before.
NO_LINE_START = "，。、；：？！”’）》」』…"


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font, max_width: int) -> list[str]:
    lines, line = [], ""
    for char in text:
        if line and char not in NO_LINE_START and draw.textlength(line + char, font=font) > max_width:
            lines.append(line)
            line = ""
        line += char
    return lines + [line] if line else lines


def caption_image(lines: list[Line], width: int, padding: int = 24) -> Image.Image | None:
    """The lines centred, wrapped to the width, on white; None when no Chinese font is available
    (a picture without words is better than one with boxes instead of characters)."""
    if cjk_font(12) is None:
        log.warning("no CJK font found (install fonts-noto-cjk or set CJK_FONT): the caption is left out")
        return None
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    rows = []
    for line in lines:
        font = cjk_font(line.size)
        for text in _wrapped(measure, line.text, font, width - 2 * padding):
            rows.append((text, font, MUTED if line.muted else INK, int(line.size * 1.5)))
    height = sum(row[3] for row in rows) + padding
    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    y = 0
    for text, font, colour, step in rows:
        draw.text((width // 2, y + step // 2), text, font=font, fill=colour, anchor="mm")
        y += step
    return image


def qr_picture(text: str, size: int = 480) -> Image.Image:
    """A standard QR code of the text, about size × size pixels, with a quiet zone."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4,
                         image_factory=qrcode.image.pil.PilImage)
    code.add_data(text)
    code.make(fit=True)
    code.box_size = max(4, size // (code.modules_count + 2 * code.border))
    return code.make_image().get_image().convert("RGB")


def wxacode_picture(scene: str, page: str, size: int = 430) -> Image.Image:
    """The mini-program code for the page with this scene, from WeChat's getwxacodeunlimit."""
    try:
        response = get_wechat().mini.wxa.get_wxa_code_unlimited(scene, width=size, page=page)
    except WeChatClientException as exc:
        log.error("getwxacodeunlimit refused (page %s): %s %s", page, exc.errcode, exc.errmsg)
        raise DomainError("wechat_unavailable", "小程序码暂时无法生成，请稍后再试", 503) from exc
    except requests.RequestException as exc:
        raise DomainError("wechat_unavailable", "微信服务暂时不可用，请稍后再试", 503) from exc
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def uses_wxacode() -> bool:
    """QR_CODE_KIND: `wxacode` or `qrcode` by choice; `auto` uses mini-program codes when WeChat is real."""
    kind = current_app.config.get("QR_CODE_KIND", "auto")
    return kind == "wxacode" or (kind == "auto" and not current_app.config["WECHAT_EMULATOR"])


def compose(code: Image.Image, lines: list[Line], min_width: int = 560) -> Image.Image:
    """The code centred at the top of a white card, the caption under it."""
    width = max(code.width, min_width)
    caption = caption_image(lines, width) if lines else None
    card = Image.new("RGB", (width, code.height + (caption.height if caption else 0)), PAPER)
    card.paste(code, ((width - code.width) // 2, 0))
    if caption is not None:
        card.paste(caption, (0, code.height))
    return card


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def code_image(token: str, *, page: str, link: str, lines: list[Line]) -> bytes:
    """The PNG to scan: a mini-program code of `page` with scene = token, or a standard QR of `link`."""
    code = wxacode_picture(token, page) if uses_wxacode() else qr_picture(link)
    return png_bytes(compose(code, lines))
