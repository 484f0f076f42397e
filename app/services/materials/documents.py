"""Documents an organizer files (minutes of a meeting, written confirmations): a PDF, a scan or photo, or a Word file.

PDFs and images go through the same checks as nominees' materials (file_checks.py). A Word file must be a
plain .docx: a ZIP package whose main part is a Word document, small when unpacked (no ZIP bomb), without
macros, embedded objects or ActiveX, and pointing outside itself only by ordinary hyperlinks (an external
template or frame is how booby-trapped documents fetch their payload). It is kept as uploaded and only
ever served as a download. The old binary .doc cannot be checked this way: people are asked to save it as
.docx or PDF.
"""
from __future__ import annotations

import io
import re
import zipfile

from flask import current_app

from app.services.materials import file_checks

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the binary .doc (and .xls, .ppt)
DOCX_MAX_PARTS = 1000
DOCX_MAX_UNPACKED = 100 * 1024 * 1024
DOCX_MAX_RATIO = 200  # a part unpacking to 200 times its packed size is built to explode
# Parts that carry code or other programs' objects.
ACTIVE_PARTS = re.compile(r"(vbaProject\.bin|vbaData\.xml|/embeddings/|/activeX/|\.bin$)", re.IGNORECASE)
MAIN_PART = 'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument' \
            '.wordprocessingml.document.main+xml"'
EXTERNAL = re.compile(rb"<Relationship\b[^>]*TargetMode=\"External\"[^>]*>", re.IGNORECASE)
HYPERLINK = b'/relationships/hyperlink"'

MESSAGES = {
    "docx_damaged": "Word 文件不完整或已损坏，请重新保存后上传",
    "docx_active": "Word 文件中含有宏、嵌入对象或外部引用，出于安全原因不予接收，请另存为普通 .docx 或 PDF 后再上传",
    "doc_legacy": "不支持旧版 Word（.doc）文件，请另存为 .docx 或 PDF 后再上传",
}


def check_docx(data: bytes) -> file_checks.CheckedFile:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            if len(parts) > DOCX_MAX_PARTS or sum(p.file_size for p in parts) > DOCX_MAX_UNPACKED:
                raise file_checks.refuse("file_rejected", MESSAGES["docx_active"])
            for part in parts:
                if part.file_size > max(part.compress_size, 1) * DOCX_MAX_RATIO and part.file_size > 1024 * 1024:
                    raise file_checks.refuse("file_rejected", MESSAGES["docx_active"])
                if ACTIVE_PARTS.search(part.filename):
                    raise file_checks.refuse("file_rejected", MESSAGES["docx_active"])
            names = {p.filename for p in parts}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise file_checks.refuse("file_damaged", MESSAGES["docx_damaged"])
            if MAIN_PART not in package.read("[Content_Types].xml").decode("utf-8", "replace"):
                # A macro-enabled (.docm) or template main part, or not a Word document at all.
                raise file_checks.refuse("file_rejected", MESSAGES["docx_active"])
            for name in names:
                if name.endswith(".rels"):
                    for relation in EXTERNAL.findall(package.read(name)):
                        if HYPERLINK not in relation:
                            raise file_checks.refuse("file_rejected", MESSAGES["docx_active"])
            if package.testzip() is not None:  # every part's CRC: a cut or altered file fails here
                raise file_checks.refuse("file_damaged", MESSAGES["docx_damaged"])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError):
        raise file_checks.refuse("file_damaged", MESSAGES["docx_damaged"]) from None
    return file_checks.CheckedFile(data, DOCX_TYPE, ".docx")


def inspect_document(data: bytes, label: str) -> file_checks.CheckedFile:
    """What an uploaded document really is, made safe: PDF, JPEG/PNG (re-encoded) or .docx; else a 4xx in Chinese."""
    cfg = current_app.config
    if not data:
        raise file_checks.refuse("empty_file", file_checks.MESSAGES["empty"])
    if data.startswith(OLE_MAGIC):
        raise file_checks.refuse("unsupported_file_type", MESSAGES["doc_legacy"], 415)
    detected = "DOCX" if data.startswith(ZIP_MAGIC) else file_checks.sniff(data)
    if detected is None:
        raise file_checks.refuse("unsupported_file_type", f"文件类型不支持，{label}请上传 PDF、Word（.docx）或 JPEG、PNG 图片", 415)
    limit = cfg["UPLOAD_IMAGE_MAX_BYTES"] if detected in ("JPEG", "PNG") else cfg["UPLOAD_PDF_MAX_BYTES"]
    if len(data) > limit:
        raise file_checks.refuse("file_too_large", f"文件过大，不能超过{limit // (1024 * 1024)}MB", 413)
    if detected == "DOCX":
        return check_docx(data)
    if detected == "PDF":
        return file_checks.check_pdf(data)
    return file_checks.check_image(data, detected, max_pixels=cfg["UPLOAD_IMAGE_MAX_PIXELS"],
                                   max_side=cfg["UPLOAD_IMAGE_MAX_SIDE"])
