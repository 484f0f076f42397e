"""The names files are downloaded under: the right extension from the stored content type, and a readable
ASCII name beside the UTF-8 one (RFC 6266 / RFC 5987), since many clients only read the plain `filename`."""
from __future__ import annotations

import re
from urllib.parse import quote

EXTENSIONS = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
NOT_PLAIN = re.compile(r"[^A-Za-z0-9._-]")


def extension(content_type: str) -> str:
    return EXTENSIONS.get(content_type, "")


def stored_file_name(prefix: str, row_id: int, content_type: str) -> str:
    """`certificate-12.pdf`, `work_photo-3.jpg`, `letter-5.png`: what a stored file is saved as."""
    return f"{prefix}-{row_id}{extension(content_type)}"


def content_disposition(name: str, fallback: str | None = None, *, inline: bool = False) -> str:
    """The Content-Disposition value: `fallback` (ASCII) as `filename`, `name` as `filename*` when it differs."""
    plain = NOT_PLAIN.sub("_", fallback or name)
    value = f'{"inline" if inline else "attachment"}; filename="{plain}"'
    if name != plain:
        value += f"; filename*=UTF-8''{quote(name)}"
    return value
