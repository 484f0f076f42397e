"""Photo sizes for phones: a thumbnail for cards and a display size for a nominee's page.

Made from the stored (already re-encoded) photo at upload, kept beside it in storage under keys
derived from its key, always as JPEG. Their addresses name the photo's content hash, so a replaced
photo (a new stored file) has new addresses and an address can be cached for a year.
"""
from __future__ import annotations

import io
import logging

import sqlalchemy as sa
from flask import current_app
from PIL import Image

from app.extensions import db
from app.models import PUBLIC_FILE_KINDS, NominationFile
from app.services.materials.storage import get_storage

log = logging.getLogger(__name__)

# name → (the side it is made for, which side: "short" for a card's cropped square, "width" for a page)
SIZES = {"thumb": (240, "short"), "display": (750, "width")}
IMAGE_TYPES = ("image/jpeg", "image/png")


def has_sizes(row: NominationFile) -> bool:
    """Whether the file gets sizes: the photos the public sees (ID and work photos)."""
    return row.kind in PUBLIC_FILE_KINDS and row.content_type in IMAGE_TYPES


def content_hash(row: NominationFile) -> str:
    return row.sha256[:16]


def size_key(storage_key: str, size: str) -> str:
    stem = storage_key.rsplit(".", 1)[0] if "." in storage_key.rsplit("/", 1)[-1] else storage_key
    return f"{stem}.{size}.jpg"


def url(row: NominationFile, size: str) -> str:
    """The size's lasting address: it changes whenever the photo does."""
    return f"{current_app.config['PUBLIC_BASE_URL']}/api/v1/files/{row.id}/{size}/{content_hash(row)}.jpg"


def render(data: bytes) -> dict[str, bytes]:
    """Every size of a stored photo, as JPEG (never larger than the photo itself)."""
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
            flat = Image.new("RGB", image.size, "white")  # JPEG has no transparency: on white, as shown
            flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        else:
            flat = image.convert("RGB")
    made = {}
    for name, (side, measure) in SIZES.items():
        width, height = flat.size
        scale = side / (min(width, height) if measure == "short" else width)
        copy = flat if scale >= 1 else flat.resize((max(1, round(width * scale)), max(1, round(height * scale))),
                                                   Image.Resampling.LANCZOS)
        out = io.BytesIO()
        copy.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
        made[name] = out.getvalue()
    return made


def store_sizes(storage_key: str, data: bytes) -> list[str]:
    """Make and store the sizes of the photo stored under `storage_key`; the keys written."""
    keys = []
    for name, sized in render(data).items():
        key = size_key(storage_key, name)
        get_storage().put_at(key, sized)
        keys.append(key)
    return keys


def delete_sizes(storage_key: str) -> None:
    for name in SIZES:
        get_storage().delete(size_key(storage_key, name))


def read_size(row: NominationFile, size: str) -> bytes:
    """The size's bytes; made now (and kept) for a photo stored before sizes existed."""
    try:
        return get_storage().get(size_key(row.storage_key, size))
    except FileNotFoundError:
        log.warning("photo %s had no sizes; making them now (run `flask --app app materials sizes`)", row.id)
        store_sizes(row.storage_key, get_storage().get(row.storage_key))
        return get_storage().get(size_key(row.storage_key, size))


def make_missing() -> tuple[int, int]:
    """Make the sizes of every public-kind photo that lacks them: (photos made, photos missing their file)."""
    made = missing = 0
    rows = db.session.scalars(sa.select(NominationFile).where(
        NominationFile.kind.in_(PUBLIC_FILE_KINDS), NominationFile.content_type.in_(IMAGE_TYPES))
        .order_by(NominationFile.id))
    storage = get_storage()
    for row in rows:
        try:
            for name in SIZES:
                storage.get(size_key(row.storage_key, name))
        except FileNotFoundError:
            try:
                store_sizes(row.storage_key, storage.get(row.storage_key))
                made += 1
            except FileNotFoundError:
                log.error("stored file %s of photo %s is missing", row.storage_key, row.id)
                missing += 1
    return made, missing
