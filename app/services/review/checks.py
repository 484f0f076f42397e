"""Check records (核查记录): how a nomination was checked — 实地了解, 相关部门书面认证 or 技术比武 — on which
day, by whom, what was found, with files (written confirmations, photos) kept in the materials storage."""
from __future__ import annotations

import hashlib
import logging
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import CHECK_METHODS, ReviewCheck, ReviewCheckFile, User
from app.services import audit
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found
from app.services.materials import uploads
from app.services.materials.storage import get_storage
from app.services.review import work

log = logging.getLogger(__name__)

WHO_MAX = 100
NOTES_MAX = 2000
FILES_MAX = 10
FILE_KIND = "review_check"  # images or PDF, checked as materials are (services/materials/uploads.inspect)


def _invalid(fields: dict[str, str]) -> DomainError:
    return DomainError("validation_error", "请检查核查记录：" + "；".join(fields.values()), 400,
                       details={"fields": fields})


def _validated(nomination, method: str | None, checked_on, checked_by: str | None, notes: str | None,
               files: list) -> tuple[date, str, str]:
    fields: dict[str, str] = {}
    if method not in CHECK_METHODS:
        fields["method"] = "请选择核查方式（实地了解、相关部门书面认证或技术比武）"
    day = None
    if isinstance(checked_on, date):
        day = checked_on
    else:
        try:
            day = date.fromisoformat((checked_on or "").strip())
        except ValueError:
            fields["checked_on"] = "请按“年-月-日”填写核查日期"
    today = stages.local_today(nomination.campaign)
    if day is not None and not date(nomination.campaign.year - 1, 1, 1) <= day <= today:
        fields["checked_on"] = f"核查日期应在{nomination.campaign.year - 1}年1月1日至今天（{today.isoformat()}）之间"
    who, text = (checked_by or "").strip(), (notes or "").strip()
    if not who or len(who) > WHO_MAX:
        fields["checked_by"] = f"请填写核查人（{WHO_MAX}字以内）"
    if not text or len(text) > NOTES_MAX:
        fields["notes"] = f"请填写核查情况（{NOTES_MAX}字以内）"
    if len(files) > FILES_MAX:
        fields["files"] = f"每条核查记录最多附{FILES_MAX}个文件"
    if fields:
        raise _invalid(fields)
    return day, who, text


def add_check(actor: User, nomination_id: int, *, method: str | None, checked_on, checked_by: str | None,
              notes: str | None, files: list[tuple[str | None, bytes]] = ()) -> ReviewCheck:
    """Record a check with its files. Files are checked before anything is stored; audited; commits."""
    files = [(name, data) for name, data in files if data]
    nomination, _ = work.load(actor, nomination_id)
    day, who, text = _validated(nomination, method, checked_on, checked_by, notes, files)
    work.require_writable(nomination)
    checked = [(name, uploads.inspect(FILE_KIND, data)) for name, data in files]  # refuses a bad file with 4xx
    nomination, review = work.lock(nomination_id)
    work.require_in_review(nomination, review)
    stored: list[str] = []
    try:
        record = ReviewCheck(nomination_id=nomination.id, method=method, checked_on=day, checked_by=who, notes=text,
                             recorded_by_id=actor.id)
        for name, item in checked:
            key = get_storage().put(item.data, item.suffix)
            stored.append(key)
            record.files.append(ReviewCheckFile(
                content_type=item.content_type, size=len(item.data), width=item.width, height=item.height,
                sha256=hashlib.sha256(item.data).hexdigest(), storage_key=key, original_name=(name or "")[:200] or None,
                uploaded_by_id=actor.id))
        db.session.add(record)
        review, moved = work.touch(nomination, review, actor)
        db.session.flush()
        data = {"check_id": record.id, "method": method, "checked_on": day.isoformat(), "files": len(stored)}
        if moved:
            data.update({"from": moved, "to": nomination.status})
        audit.record("review.check_added", "nomination", nomination.id, actor=actor, data=data)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for key in stored:  # a failed commit leaves no file behind
            get_storage().delete(key)
        raise
    return record


def of_nomination(nomination_id: int) -> list[ReviewCheck]:
    return list(db.session.scalars(sa.select(ReviewCheck).where(ReviewCheck.nomination_id == nomination_id)
                                   .order_by(ReviewCheck.checked_on, ReviewCheck.id)))


def open_file(actor: User, nomination_id: int, file_id: int) -> tuple[ReviewCheckFile, bytes]:
    """A file of a check record, for organizers."""
    work.load(actor, nomination_id)
    row = db.session.get(ReviewCheckFile, file_id)
    if row is None or row.check.nomination_id != nomination_id:
        raise not_found("核查材料")
    try:
        return row, get_storage().get(row.storage_key)
    except FileNotFoundError:
        log.error("stored file %s of review check file %s is missing", row.storage_key, row.id)
        raise not_found("核查材料") from None
