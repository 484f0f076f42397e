"""Deciding what an uploaded file really is, and making it safe to keep and serve.

The type comes from the bytes, never from the name or the client's header. Images are decoded in
full and re-encoded by Pillow (EXIF, GPS, comments and anything appended are gone); PDFs must parse,
end at their %%EOF and carry no scripts or attachments. Any file that is also something else
(a polyglot) is refused, though re-encoding would neutralise most of them anyway.
"""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass

from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from app.services.errors import DomainError

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = re.compile(rb"%PDF-[12]\.\d")
# Markup or code inside an image or PDF means someone hopes a browser or server will run it.
MARKUP = re.compile(rb"<\s*(script|html|body|iframe|object|embed)\b|<\?php|javascript:", re.IGNORECASE)
PDF_MAX_PAGES = 30
# A certificate scan has a few hundred objects; a file with far more is built to wear the checker out.
PDF_MAX_OBJECTS = 50000
# Keys that only exist to run something on their own (scripts, automatic actions) or to carry other
# files or forms inside the PDF (embedded files, XFA, rich media).
PDF_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/OpenAction", "/AA", "/EmbeddedFile", "/EmbeddedFiles", "/EF",
                             "/XFA", "/RichMediaContent", "/RichMediaSettings"})
PDF_ACTIVE_VALUES = {
    # Actions that run a script, start a program, open or send files, or play media that may script.
    "/S": frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/GoToE", "/GoToR", "/Rendition",
                     "/RichMediaExecute", "/Movie", "/Sound"}),
    "/Subtype": frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}),
    "/Type": frozenset({"/EmbeddedFile", "/Filespec"}),
}

MESSAGES = {
    "empty": "上传的文件是空的，请重新选择",
    "damaged": "文件不完整或已损坏，请重新选择",
    "polyglot": "文件中夹带了其他内容，出于安全原因不予接收，请另存为普通图片或PDF后再上传",
    "pdf_active": "PDF中含有脚本、附件或自动动作，出于安全原因不予接收",
    "pdf_encrypted": "PDF文件已加密，请上传未加密的文件",
    "pdf_pages": f"PDF页数过多（不超过{PDF_MAX_PAGES}页）",
    "pdf_complex": "PDF文件结构过于复杂，请另存为普通PDF或图片后再上传",
}


@dataclass(frozen=True)
class CheckedFile:
    data: bytes
    content_type: str
    suffix: str
    width: int | None = None
    height: int | None = None


def refuse(code: str, message: str, status: int = 400) -> DomainError:
    return DomainError(code, message, status)


def sniff(data: bytes) -> str | None:
    if data.startswith(JPEG_MAGIC):
        return "JPEG"
    if data.startswith(PNG_MAGIC):
        return "PNG"
    if PDF_MAGIC.match(data):
        return "PDF"
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Where the JPEG's EOI marker ends, walking its segments; None when the structure is broken."""
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF:
            return None
        while i < n and data[i] == 0xFF:  # fill bytes before a marker
            i += 1
        if i >= n:
            return None
        marker = data[i]
        i += 1
        if marker == 0xD9:
            return i
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # markers without a length
        if i + 2 > n or int.from_bytes(data[i:i + 2], "big") < 2:
            return None
        i += int.from_bytes(data[i:i + 2], "big")
        if i > n:
            return None
        if marker == 0xDA:  # entropy-coded data runs to the next real marker
            while True:
                j = data.find(b"\xff", i)
                if j < 0 or j + 1 >= n:
                    return None
                following = data[j + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    i = j + 2
                    continue
                i = j
                break
    return None


def _png_end(data: bytes) -> int | None:
    """Where the IEND chunk ends, checking every chunk's length and CRC; None when broken."""
    import zlib

    i, n = len(PNG_MAGIC), len(data)
    while i + 12 <= n:
        length = int.from_bytes(data[i:i + 4], "big")
        end = i + 12 + length
        if end > n or zlib.crc32(data[i + 4:i + 8 + length]) != int.from_bytes(data[end - 4:end], "big"):
            return None
        kind, i = data[i + 4:i + 8], end
        if kind == b"IEND":
            return i
    return None


def _hides_an_archive(data: bytes) -> bool:
    # A ZIP is read from its end record, which may sit anywhere in the last 64 KiB.
    if b"PK\x05\x06" not in data[-(65536 + 22):]:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _refuse_polyglot(data: bytes) -> None:
    if MARKUP.search(data) or _hides_an_archive(data):
        raise refuse("file_rejected", MESSAGES["polyglot"])


def check_image(data: bytes, kind: str, *, max_pixels: int, max_side: int) -> CheckedFile:
    end = _jpeg_end(data) if kind == "JPEG" else _png_end(data)
    if end is None:
        raise refuse("file_damaged", MESSAGES["damaged"])
    if data[end:].strip(b"\x00"):
        raise refuse("file_rejected", MESSAGES["polyglot"])
    _refuse_polyglot(data)
    pixel_message = f"图片像素过大（不超过{max_pixels // 10000}万像素），请缩小后再上传"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise refuse("image_too_large", pixel_message)
                image.load()
                return _reencode(image, kind, max_side)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise refuse("image_too_large", pixel_message) from None
    except (OSError, SyntaxError, ValueError, EOFError, Image.UnidentifiedImageError):
        raise refuse("file_damaged", MESSAGES["damaged"]) from None


def _reencode(image: Image.Image, kind: str, max_side: int) -> CheckedFile:
    icc = image.info.get("icc_profile")
    # Turn the picture upright before the orientation tag is dropped with the rest of EXIF.
    upright = ImageOps.exif_transpose(image)
    if kind == "JPEG":
        clean = upright.convert("L" if upright.mode in ("L", "1") else "RGB")
    else:
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        clean = upright.convert("RGBA" if has_alpha else ("L" if upright.mode in ("L", "1") else "RGB"))
    clean.info = {}  # no EXIF, XMP, comments or text chunks travel with the new file
    if max(clean.size) > max_side:
        clean.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if kind == "JPEG":
        clean.save(out, format="JPEG", quality=90, optimize=True, icc_profile=icc)
        return CheckedFile(out.getvalue(), "image/jpeg", ".jpg", *clean.size)
    clean.save(out, format="PNG", icc_profile=icc)
    return CheckedFile(out.getvalue(), "image/png", ".png", *clean.size)


def _pdf_has_active_content(reader: PdfReader) -> bool:
    """Whether anything reachable from the trailer could run, launch, submit or unpack something.

    Every object is visited (actions hide in annotations' and widgets' /AA, in outline items, in the /Next
    chains of harmless-looking actions, in name trees), each once, and at most PDF_MAX_OBJECTS of them.
    """
    seen: set[tuple[int, int]] = set()
    stack: list = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        visited += 1
        if visited > PDF_MAX_OBJECTS:
            raise refuse("file_rejected", MESSAGES["pdf_complex"])
        if isinstance(node, DictionaryObject):
            for key, value in node.items():
                if key in PDF_ACTIVE_KEYS:
                    return True
                if key in PDF_ACTIVE_VALUES and _resolved(value) in PDF_ACTIVE_VALUES[key]:
                    return True
                if isinstance(value, (IndirectObject, DictionaryObject, ArrayObject)):
                    stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(item for item in node if isinstance(item, (IndirectObject, DictionaryObject, ArrayObject)))
    return False


def _resolved(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def check_pdf(data: bytes) -> CheckedFile:
    if not data.rstrip(b"\r\n\t \x00").endswith(b"%%EOF"):
        # Either cut short, or something was appended after the document's end.
        raise refuse("file_damaged" if b"%%EOF" not in data[-4096:] else "file_rejected",
                     MESSAGES["damaged"] if b"%%EOF" not in data[-4096:] else MESSAGES["polyglot"])
    _refuse_polyglot(data)
    try:
        # Not strict: scanners write slightly irregular files that every reader opens; broken ones still fail.
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise refuse("pdf_encrypted", MESSAGES["pdf_encrypted"])
        pages = len(reader.pages)
        if pages < 1:
            raise refuse("file_damaged", MESSAGES["damaged"])
        if pages > PDF_MAX_PAGES:
            raise refuse("pdf_too_many_pages", MESSAGES["pdf_pages"])
        if _pdf_has_active_content(reader):
            raise refuse("file_rejected", MESSAGES["pdf_active"])
    except DomainError:
        raise
    except (PdfReadError, PyPdfError, KeyError, ValueError, TypeError, AttributeError, OSError, RecursionError):
        raise refuse("file_damaged", MESSAGES["damaged"]) from None
    return CheckedFile(data, "application/pdf", ".pdf")
