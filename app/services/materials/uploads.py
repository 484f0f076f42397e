"""Attaching materials to a nomination, removing them, and handing them out only to those allowed."""
from __future__ import annotations

import hashlib
import hmac
import logging
import time

from flask import current_app

from app.extensions import db
from app.models import FILE_KINDS, PUBLIC_FILE_KINDS, NominationFile, User
from app.services.errors import DomainError, not_found
from app.services.materials import file_checks, sizes
from app.services.materials.storage import get_storage
from app.services.nominations import access

log = logging.getLogger(__name__)

MAX_FILES = {"id_photo": 1, "work_photo": 2, "certificate": 10}
# Files checked here that are not nomination materials (services/endorsement/decisions.py, services/review/checks.py,
# services/results/objections.py).
LABELS = {**FILE_KINDS, "endorsement_letter": "盖章认可函", "review_check": "核查材料",
          "objection_file": "证明材料"}
# Kinds that may be a PDF as well as a photo.
PDF_KINDS = ("certificate", "review_check", "objection_file")


def inspect(kind: str, data: bytes) -> file_checks.CheckedFile:
    """What the bytes really are, made safe; refuses anything else with a 4xx and a Chinese message."""
    cfg = current_app.config
    if not data:
        raise file_checks.refuse("empty_file", file_checks.MESSAGES["empty"])
    detected = file_checks.sniff(data)
    allowed = ("JPEG", "PNG", "PDF") if kind in PDF_KINDS else ("JPEG", "PNG")
    if detected not in allowed:
        wanted = "JPEG、PNG图片或PDF文件" if kind in PDF_KINDS else "JPEG或PNG格式的照片"
        raise file_checks.refuse("unsupported_file_type", f"文件类型不支持，{LABELS[kind]}请上传{wanted}", 415)
    limit = cfg["UPLOAD_PDF_MAX_BYTES"] if detected == "PDF" else cfg["UPLOAD_IMAGE_MAX_BYTES"]
    if len(data) > limit:
        raise file_checks.refuse("file_too_large", f"文件过大，不能超过{limit // (1024 * 1024)}MB", 413)
    if detected == "PDF":
        return file_checks.check_pdf(data)
    return file_checks.check_image(data, detected, max_pixels=cfg["UPLOAD_IMAGE_MAX_PIXELS"],
                                   max_side=cfg["UPLOAD_IMAGE_MAX_SIDE"])


def attach(user: User, nomination_id: int, kind: str, data: bytes, filename: str | None = None) -> NominationFile:
    if kind not in FILE_KINDS:
        raise DomainError("validation_error", "材料类型应为证件照、工作照或荣誉证书", 400,
                          details={"fields": {"kind": "应为 id_photo、work_photo 或 certificate"}})
    nomination = access.load_for_edit(user, nomination_id)
    if len(nomination.files_of(kind)) >= MAX_FILES[kind]:
        raise DomainError("too_many_files", f"{FILE_KINDS[kind]}最多{MAX_FILES[kind]}份，请先删除已上传的再上传", 409,
                          details={"kind": kind, "max": MAX_FILES[kind]})
    checked = inspect(kind, data)  # nothing is stored unless the file passed every check
    return store(checked, lambda **stored: NominationFile(
        nomination=nomination, kind=kind, original_name=(filename or "")[:200] or None, uploaded_by_id=user.id,
        **stored), with_sizes=kind in PUBLIC_FILE_KINDS)


def store(checked: file_checks.CheckedFile, build_row, *, with_sizes: bool = False):
    """Store checked bytes and commit the row `build_row(**stored)` makes for them; a failed commit removes the file.

    `with_sizes`: a photo the public may see also gets its thumbnail and display size (sizes.py)."""
    key = get_storage().put(checked.data, checked.suffix)
    try:
        if with_sizes and checked.content_type in sizes.IMAGE_TYPES:
            sizes.store_sizes(key, checked.data)
        row = build_row(content_type=checked.content_type, size=len(checked.data), width=checked.width,
                        height=checked.height, sha256=hashlib.sha256(checked.data).hexdigest(), storage_key=key)
        db.session.add(row)
        db.session.commit()
    except Exception:
        db.session.rollback()
        get_storage().delete(key)
        sizes.delete_sizes(key)
        raise
    return row


def remove(user: User, nomination_id: int, file_id: int) -> None:
    nomination = access.load_for_edit(user, nomination_id)
    row = next((f for f in nomination.files if f.id == file_id), None)
    if row is None:
        raise not_found("材料")
    key = row.storage_key
    nomination.files.remove(row)
    db.session.commit()
    get_storage().delete(key)  # after the commit: a failed commit keeps the file it still points to
    sizes.delete_sizes(key)


def _signature(row: NominationFile, viewer_id: int, expires: int) -> str:
    # The storage key is new for every stored file, so a link never opens another file that later got the same id;
    # the viewer is who the link was issued to, checked again when it is opened.
    message = f"nomination-file:{row.id}:{row.storage_key}:{viewer_id}:{expires}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()[:40]


def file_url(row: NominationFile, viewer: User | None = None) -> str:
    """The address of a file; for a viewer, signed and short-lived, so that <image src> works without headers.

    The link is bound to the viewer and to this stored file: it opens only while that viewer may still
    see the nomination (a revoked representative's links stop at once) and only for as long as
    FILE_URL_TTL_SECONDS (plus at most a minute, so that one page's links stay the same and clients can cache).
    """
    url = f"{current_app.config['PUBLIC_BASE_URL']}/api/v1/files/{row.id}"
    if viewer is None:
        return url
    ttl = current_app.config["FILE_URL_TTL_SECONDS"]
    expires = (int(time.time()) // 60 + 1) * 60 + ttl
    return f"{url}?expires={expires}&viewer={viewer.id}&signature={_signature(row, viewer.id, expires)}"


def _signed_viewer(row: NominationFile, expires: str | None, viewer: str | None,
                   signature: str | None) -> User | None:
    """The user a valid, unexpired link was issued to; None for anything else."""
    if not (expires and viewer and signature and expires.isdigit() and viewer.isdigit()):
        return None
    if int(expires) < time.time() or int(expires) > time.time() + current_app.config["FILE_URL_TTL_SECONDS"] + 60:
        return None
    if not hmac.compare_digest(_signature(row, int(viewer), int(expires)), signature):
        return None
    user = db.session.get(User, int(viewer))
    return user if user is not None and user.disabled_at is None else None


def is_public_file(row: NominationFile) -> bool:
    """Photos of a public nominee are public (and may be cached by anyone); everything else is private."""
    return row.kind in PUBLIC_FILE_KINDS and access.is_public(row.nomination)


def _allowed_row(file_id: int, user: User | None, expires: str | None, viewer: str | None,
                 signature: str | None) -> NominationFile:
    row = db.session.get(NominationFile, file_id)
    allowed = row is not None and (
        is_public_file(row)
        or access.can_view(user, row.nomination)
        or access.can_view(_signed_viewer(row, expires, viewer, signature), row.nomination))
    if not allowed:
        raise not_found("文件")
    return row


def open_size(file_id: int, size: str, content_hash: str, user: User | None, expires: str | None = None,
              viewer: str | None = None, signature: str | None = None) -> tuple[NominationFile, bytes]:
    """A photo's thumbnail or display size, for whoever may see the photo; an address naming another content
    (the photo was replaced) or a file without sizes is not found."""
    row = _allowed_row(file_id, user, expires, viewer, signature)
    if size not in sizes.SIZES or not sizes.has_sizes(row) or content_hash != sizes.content_hash(row):
        raise not_found("文件")
    try:
        return row, sizes.read_size(row, size)
    except FileNotFoundError:
        log.error("stored file %s of nomination file %s is missing", row.storage_key, row.id)
        raise not_found("文件") from None


def open_file(file_id: int, user: User | None, expires: str | None = None, viewer: str | None = None,
              signature: str | None = None) -> tuple[NominationFile, bytes]:
    """The file for the logged-in `user`, or for whoever holds a signed link, as long as its viewer may see it now."""
    row = _allowed_row(file_id, user, expires, viewer, signature)
    try:
        return row, get_storage().get(row.storage_key)
    except FileNotFoundError:
        log.error("stored file %s of nomination file %s is missing", row.storage_key, row.id)
        raise not_found("文件") from None
