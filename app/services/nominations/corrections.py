"""Organizers correct a submitted nomination's data (a typo, a corrected employer), in any status after submission.

A correction needs a reason; it is checked as the form is (field rules, a complete form stays complete, public
text passes the content check, still one active nomination per person), written to the audit log with each
changed field's before and after (private fields masked), and the nominee and whoever filed it are told.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ACTIVE_STATUSES, Nomination, User
from app.models.base import utcnow
from app.services import audit, content_check
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.nominations import eligibility, rules, search
from app.services.nominations.submission import PUBLIC_TEXT_FIELDS, clean_changes
from app.services.notifications.outbox import notify

ACTION = "nomination.corrected"
# Every field of attachment 1 that is one value (the conditions, opinions and files have their own ways).
CORRECTABLE = rules.REQUIRED_FIELDS
PRIVATE_FIELDS = search.PRIVATE_FIELDS
REASON_MAX = 500


def shown(field: str, value) -> str | None:
    """A value as the audit log keeps it: months as YYYY-MM, private fields masked (138****1234)."""
    if value is None:
        return None
    if field == "mobile":
        return search.mask_mobile(value)
    if field == "birth_month":
        return search.mask_birth_month(value)
    if field == "political_status":
        return "***"
    return f"{value:%Y-%m}" if isinstance(value, date) else str(value)


def _checked(nomination: Nomination, values: dict, reason: str) -> dict:
    """The fields that really change, each valid; a 400 naming every problem otherwise (nothing changed)."""
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable here: {sorted(unknown)}")
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "请填写更正原因（记入操作日志，并告知被推荐人）"
    elif len(reason) > REASON_MAX:
        errors["reason"] = f"更正原因不能超过{REASON_MAX}个字"
    # Browsers send a textarea's line breaks as CRLF: an untouched text must not read as changed.
    values = {f: v.replace("\r\n", "\n") if isinstance(v, str) else v for f, v in values.items()}
    try:
        cleaned = clean_changes(values, stages.local_today(nomination.campaign))
    except DomainError as exc:
        errors.update((exc.details or {}).get("fields", {}))
        cleaned = {}
    required = rules.messages()["required"]
    errors.update({f: required for f, v in cleaned.items()
                   if v is None and f in rules.REQUIRED_FIELDS and getattr(nomination, f) is not None})
    if errors:
        raise _field_error(errors)
    changed = {f: cleaned[f] for f in CORRECTABLE if f in cleaned and getattr(nomination, f) != cleaned[f]}
    if not changed:
        raise DomainError("nothing_changed", "所填内容与推荐表相同，没有需要更正的内容", 400)
    return changed


def _field_error(fields: dict[str, str]) -> DomainError:
    """A 400 naming each field and its rule in Chinese (the reason included)."""
    labels = {**rules.LABELS, "reason": "更正原因"}
    named = "；".join(f"{labels.get(f, f)}：{m}" for f, m in fields.items())
    return DomainError("validation_error", f"请检查填写内容（{named}）", 400, details={"fields": fields})


def _refuse_after_applying(error: DomainError) -> None:
    db.session.rollback()  # the values set on the nomination are dropped: a refused correction changes nothing
    raise error


def correct(actor: User, nomination_id: int, values: dict, reason: str | None) -> list[dict]:
    """Apply the organizer's correction and record it; returns the changes as the audit log keeps them."""
    nomination = search.get_nomination(stages.current_campaign(), nomination_id)
    if nomination.status == "draft":
        raise DomainError("not_submitted", "草稿由填报人自己修改；推荐提交后才能由市总工会更正", 409)
    reason = (reason or "").strip()
    changed = _checked(nomination, values, reason)
    public = {f: v for f, v in changed.items() if f in PUBLIC_TEXT_FIELDS}
    if public:
        content_check.require_clean(public, rules.LABELS)
    before = {f: getattr(nomination, f) for f in changed}
    with db.session.no_autoflush:  # nothing reaches the database before every check passed
        for field, value in changed.items():
            setattr(nomination, field, value)
        problems = {f: m for f, m in eligibility.missing_items(nomination).items() if f in changed}
        duplicate = eligibility.find_duplicate(nomination) if nomination.status in ACTIVE_STATUSES else None
    if problems:
        _refuse_after_applying(_field_error(problems))
    if duplicate is not None:
        _refuse_after_applying(_duplicate_error(duplicate[1]))
    if public and nomination.content_checked_at is not None:
        nomination.content_checked_at = utcnow()  # the corrected text passed the check just now
    changes = [{"field": f, "before": shown(f, before[f]), "after": shown(f, v)} for f, v in changed.items()]
    audit.record(ACTION, "nomination", nomination.id, actor=actor, reason=reason, data={"changes": changes})
    notify("nomination_corrected", {nomination.submitted_by_id, nomination.nominee_user_id} - {None},
           {"nominee": nomination.name, "nomination_id": nomination.id, "reason": reason,
            "fields": "、".join(rules.LABELS[f] for f in changed)})
    try:
        db.session.commit()
    except IntegrityError:  # another nomination of the same person became active meanwhile
        db.session.rollback()
        raise _duplicate_error(None) from None
    return changes


def _duplicate_error(other: Nomination | None) -> DomainError:
    which = f"（第{other.id}号，{other.name}）" if other is not None else ""
    return DomainError("duplicate_nominee", f"更正后与本届另一份有效推荐{which}为同一人（姓名、出生年月和工作单位，"
                       "或手机号相同），未保存", 409, details={"other_id": other.id if other is not None else None})
