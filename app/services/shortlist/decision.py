"""The leadership group's decision (领导小组决定) as organizers record it: the meeting's date and name, who
attended, and the minutes (会议纪要) as a file — a PDF, a scan or photo, or a Word document."""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from app.extensions import db
from app.models import Campaign, ShortlistDecision, User
from app.services import audit
from app.services.accounts import permissions
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found
from app.services.materials import documents
from app.services.materials.storage import get_storage
from app.services.shortlist import picks

log = logging.getLogger(__name__)

MEETING_MAX = 120
ATTENDEES_MAX = 2000
MINUTES_LABEL = "会议纪要"


@dataclass(frozen=True)
class Minutes:
    data: bytes
    filename: str | None = None


def _invalid(fields: dict[str, str]) -> DomainError:
    return DomainError("validation_error", "；".join(fields.values()), 422, details={"fields": fields})


def _check_fields(campaign: Campaign, decided_on: str | None, meeting: str | None, attendees: str | None
                  ) -> tuple[date | None, str, str]:
    errors: dict[str, str] = {}
    day = None
    if not (decided_on or "").strip():
        errors["decided_on"] = "请填写会议日期"
    else:
        try:
            day = date.fromisoformat(decided_on.strip())
        except ValueError:
            errors["decided_on"] = "会议日期格式应为 年-月-日"
        else:
            if day > stages.local_today(campaign):
                errors["decided_on"] = "会议日期不能晚于今天：请在领导小组会议之后记录其决定"
    meeting, attendees = (meeting or "").strip(), (attendees or "").strip()
    if not meeting:
        errors["meeting"] = "请填写会议名称，如“选树活动领导小组第二次会议”"
    elif len(meeting) > MEETING_MAX:
        errors["meeting"] = f"会议名称不能超过{MEETING_MAX}字"
    if not attendees:
        errors["attendees"] = "请填写参会人员"
    elif len(attendees) > ATTENDEES_MAX:
        errors["attendees"] = f"参会人员不能超过{ATTENDEES_MAX}字"
    if errors:
        raise _invalid(errors)
    return day, meeting, attendees


def save(actor: User, campaign: Campaign, *, decided_on: str | None, meeting: str | None, attendees: str | None,
         minutes: Minutes | None = None) -> ShortlistDecision:
    """Record (or correct) the decision before the list is confirmed; a new minutes file replaces the old one.

    Nothing is kept unless everything is valid: the fields, and the file by its bytes (materials/documents.py).
    """
    picks.require_changeable(actor, campaign)
    day, meeting, attendees = _check_fields(campaign, decided_on, meeting, attendees)
    checked = documents.inspect_document(minutes.data, MINUTES_LABEL) if minutes is not None else None
    key = get_storage().put(checked.data, checked.suffix) if checked else None
    try:
        picks.lock(campaign)
        picks.require_changeable(actor, campaign, fresh=True)
        decision = picks.current_decision(campaign, fresh=True)
        if decision is None:
            decision = ShortlistDecision(campaign_id=campaign.id, current_campaign_id=campaign.id, status="draft",
                                         created_by_id=actor.id, finalist_ids=[], not_shortlisted_ids=[],
                                         published_story_ids=[])
            db.session.add(decision)
        old_key = decision.minutes_storage_key if checked else None
        changes = {name: [str(getattr(decision, name) or ""), str(value)]
                   for name, value in (("decided_on", day), ("meeting", meeting), ("attendees", attendees))
                   if getattr(decision, name) != value}
        decision.decided_on, decision.meeting, decision.attendees = day, meeting, attendees
        if checked:
            decision.minutes_content_type, decision.minutes_size = checked.content_type, len(checked.data)
            decision.minutes_sha256 = hashlib.sha256(checked.data).hexdigest()
            decision.minutes_storage_key = key
            decision.minutes_name = (minutes.filename or "").strip()[:200] or None
        db.session.flush()
        audit.record("shortlist.decision_saved", "shortlist_decision", decision.id, actor=actor,
                     data={"decided_on": day.isoformat(), "meeting": meeting, "changed": sorted(changes),
                           "minutes": (decision.minutes_name or MINUTES_LABEL) if checked else None})
        db.session.commit()
    except Exception:
        db.session.rollback()
        if key:
            get_storage().delete(key)
        raise
    if old_key:
        get_storage().delete(old_key)  # after the commit: a failed commit keeps the file it still points to
    return decision


def open_minutes(actor: User, decision_id: int) -> tuple[ShortlistDecision, bytes]:
    """The minutes of a decision (current or reopened), for organizers only."""
    permissions.require(actor, "shortlist.manage")
    decision = db.session.get(ShortlistDecision, decision_id)
    if decision is None or not decision.minutes_storage_key:
        raise not_found("会议纪要")
    try:
        return decision, get_storage().get(decision.minutes_storage_key)
    except FileNotFoundError:
        log.error("stored minutes %s of shortlist decision %s are missing", decision.minutes_storage_key, decision.id)
        raise not_found("会议纪要") from None


def missing_for_confirmation(decision: ShortlistDecision | None) -> list[str]:
    """What the decision still lacks before the list may be confirmed, in words."""
    if decision is None:
        return ["领导小组决定（会议日期、会议名称、参会人员、会议纪要）"]
    wanted = (("decided_on", "会议日期"), ("meeting", "会议名称"), ("attendees", "参会人员"),
              ("minutes_storage_key", "会议纪要文件"))
    return [label for name, label in wanted if not getattr(decision, name)]
