"""Organizers handle an objection: investigation notes and findings, then the answer (不予支持 / 予以支持).

An upheld objection disqualifies the winner it concerns (status "disqualified", 取消资格; the result entry keeps its
rank and group and records when and why); the place is filled by a separate 递补 decision (vacancies.py).
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import RESULT_GROUP_LABELS, Objection, ObjectionFile, ObjectionNote, ResultEntry, User
from app.models.base import utcnow
from app.services import audit
from app.services.accounts import permissions
from app.services.errors import DomainError, not_found
from app.services.materials.storage import get_storage
from app.services.notifications.outbox import notify
from app.services.results import confirmation, objections

NOTE_MAX, REASON_MAX, FILES_MAX = 2000, 1000, 10
ANSWERS = {"not_upheld": "不予支持", "upheld": "予以支持"}


def load(actor: User, objection_id: int) -> Objection:
    permissions.require(actor, "results.manage")
    objection = db.session.get(Objection, objection_id)
    if objection is None:
        raise not_found("异议")
    return objection


def _require_unanswered(objection: Objection) -> None:
    if objection.status in ANSWERS:
        raise DomainError("objection_answered", "该异议已经答复，不能再修改", 409)


def add_note(actor: User, objection_id: int, body: str | None,
             files: list[tuple[str | None, bytes]] = ()) -> ObjectionNote:
    """An investigation note with attached findings; the objection is then 核查中. Audited; commits."""
    objection = load(actor, objection_id)
    _require_unanswered(objection)
    body = (body or "").strip()
    files = [(n, d) for n, d in files if d]
    fields = {}
    if not body:
        fields["body"] = "请填写核查情况"
    elif len(body) > NOTE_MAX:
        fields["body"] = f"核查情况不能超过{NOTE_MAX}字"
    if len(files) > FILES_MAX:
        fields["files"] = f"每次最多附{FILES_MAX}个文件"
    if fields:
        raise DomainError("validation_error", "核查记录有误，请按提示修改", 422, details={"fields": fields})
    rows = objections.store_files(objection, "finding", actor, files)  # refuses a bad file before storing any
    note = ObjectionNote(objection=objection, author_id=actor.id, body=body)
    db.session.add(note)
    before, objection.status = objection.status, "investigating"
    db.session.flush()
    audit.record("objection.note_added", "objection", objection.id, actor=actor,
                 data={"note_id": note.id, "files": len(rows), "from": before, "to": "investigating"})
    objections.commit_files(rows)
    return note


def answer(actor: User, objection_id: int, outcome: str | None, reason: str | None) -> Objection:
    """Answer the objection; the objector is told the answer, the nominee the outcome. Upheld disqualifies."""
    objection = load(actor, objection_id)
    reason = (reason or "").strip()
    fields = {}
    if outcome not in ANSWERS:
        fields["outcome"] = "请选择“不予支持”或“予以支持”"
    if not reason:
        fields["reason"] = "请填写答复理由"
    elif len(reason) > REASON_MAX:
        fields["reason"] = f"答复理由不能超过{REASON_MAX}字"
    if fields:
        raise DomainError("validation_error", "答复有误，请按提示修改", 422, details={"fields": fields})
    # Lock the row so that two organizers answering at once cannot both pass (a no-op lock on SQLite).
    db.session.execute(sa.select(Objection.id).where(Objection.id == objection.id).with_for_update())
    db.session.refresh(objection)
    _require_unanswered(objection)
    entry = db.session.scalars(sa.select(ResultEntry).where(
        ResultEntry.campaign_id == objection.campaign_id, ResultEntry.nomination_id == objection.nomination_id)).one()
    nomination = entry.nomination
    if outcome == "upheld" and entry.disqualified_at is not None:
        raise DomainError("already_disqualified", f"{nomination.name}已被取消资格", 409)
    objection.status, objection.answer_reason = outcome, reason
    objection.answered_by_id, objection.answered_at = actor.id, utcnow()
    data = {"nomination_id": nomination.id, "outcome": outcome}
    notify("objection_answered", [objection.user_id], {"nominee": nomination.name, "answer": ANSWERS[outcome],
                                                       "reason": reason, "objection_id": objection.id})
    people = confirmation.recipients(nomination)
    notify("objection_outcome", people, {"nominee": nomination.name, "answer": ANSWERS[outcome],
                                          "nomination_id": nomination.id})
    if outcome == "upheld":
        title = RESULT_GROUP_LABELS[entry.group]
        entry.disqualified_at, entry.disqualified_by_objection_id = utcnow(), objection.id
        data.update({"from": nomination.status, "to": "disqualified", "group": entry.group, "rank": entry.rank})
        nomination.status = "disqualified"
        notify("result_disqualified", people, {"nominee": nomination.name, "title": title, "reason": reason,
                                               "nomination_id": nomination.id})
    audit.record("objection.answer", "objection", objection.id, actor=actor, reason=reason, data=data)
    db.session.commit()
    return objection


def open_file(actor: User, objection_id: int, file_id: int) -> tuple[ObjectionFile, bytes]:
    objection = load(actor, objection_id)
    row = next((f for f in objection.files if f.id == file_id), None)
    if row is None:
        raise not_found("文件")
    try:
        return row, get_storage().get(row.storage_key)
    except FileNotFoundError:
        raise not_found("文件") from None
