"""Who may be nominated, and when a nomination is complete: the notice's rules, checked in one place.

- complete: every field of attachment 1, the materials (1 ID photo, 2 work photos, ≥ 1 certificate),
  deeds ≤ 800 characters, the story's length, ≥ 5 years in the trade, ≥ 1 condition, privacy consent;
- not a holder of the 港城工匠 title (the honour roll of earlier campaigns);
- one active nomination per person and campaign, whatever the channel: same name + birth month +
  employer, or same mobile. The database enforces it too (unique keys set while the status is active).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import ACTIVE_STATUSES, HonourRollEntry, Nomination
from app.services.errors import DomainError
from app.services.nominations import rules

YEARS_IN_TRADE_MIN = 5


def _normalise(text: str | None) -> str:
    # Full-width and half-width forms, spaces and brackets must not make two people of one.
    return re.sub(r"[\s·.()\[\]【】]", "", unicodedata.normalize("NFKC", text or "")).lower()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def identity_key(name: str | None, birth_month: date | None, employer_name: str | None) -> str | None:
    if not (_normalise(name) and birth_month and _normalise(employer_name)):
        return None
    return _digest(f"id|{_normalise(name)}|{birth_month:%Y-%m}|{_normalise(employer_name)}")


def mobile_key(mobile: str | None) -> str | None:
    digits = re.sub(r"\D", "", mobile or "")
    return _digest(f"mobile|{digits}") if digits else None


@sa.event.listens_for(Nomination, "before_insert")
@sa.event.listens_for(Nomination, "before_update")
def _keep_person_keys(_mapper, _connection, nomination: Nomination) -> None:
    """Whoever changes a nomination's status or data, its keys follow: set while active, cleared after."""
    active = nomination.status in ACTIVE_STATUSES
    nomination.active_identity_key = (
        identity_key(nomination.name, nomination.birth_month, nomination.employer_name) if active else None)
    nomination.active_mobile_key = mobile_key(nomination.mobile) if active else None


def years_in_trade(trade_since: date, today: date) -> int:
    return rules.months_between(trade_since, today) // 12


def missing_items(nomination: Nomination, today: date) -> dict[str, str]:
    """Every reason the nomination cannot be submitted yet, by field, in Chinese (empty when complete)."""
    msgs, lim = rules.messages(), rules.limits()
    fields: dict[str, str] = {}
    for field in rules.REQUIRED_FIELDS:
        value = getattr(nomination, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            fields[field] = msgs["required"]
    for field, allowed in rules.OPTIONS.items():
        value = getattr(nomination, field)
        if value and value not in allowed:
            fields[field] = msgs["option"]
    if nomination.mobile and not rules.MOBILE.fullmatch(nomination.mobile):
        fields["mobile"] = msgs["mobile_format"]
    if nomination.deeds and len(nomination.deeds) > lim["deeds_max"]:
        fields["deeds"] = msgs["deeds_max"]
    if nomination.story and not lim["story_min"] <= len(nomination.story) <= lim["story_max"]:
        fields["story"] = msgs["story_range"] + f"，当前{len(nomination.story)}字"
    if nomination.brief and len(nomination.brief) > lim["brief_max"]:
        fields["brief"] = msgs["brief_max"]
    if nomination.trade_since and years_in_trade(nomination.trade_since, today) < YEARS_IN_TRADE_MIN:
        fields["trade_since"] = msgs["years_in_trade"]
    if not nomination.conditions:
        fields["conditions"] = msgs["conditions_min"]
    if nomination.privacy_consent_at is None:
        fields["privacy_consent"] = msgs["privacy_consent"]
    counts = {kind: len(nomination.files_of(kind)) for kind in ("id_photo", "work_photo", "certificate")}
    if counts["id_photo"] != lim["id_photo"]:
        fields["id_photo"] = msgs["id_photo_count"] + f"（当前{counts['id_photo']}张）"
    if counts["work_photo"] != lim["work_photo"]:
        fields["work_photo"] = msgs["work_photo_count"] + f"（当前{counts['work_photo']}张）"
    if counts["certificate"] < lim["certificate_min"]:
        fields["certificate"] = msgs["certificate_min"]
    return fields


def require_complete(nomination: Nomination, today: date) -> None:
    fields = missing_items(nomination, today)
    if fields:
        listed = "、".join(rules.LABELS.get(f, f) for f in fields)
        raise DomainError("nomination_incomplete", f"推荐材料尚不完整或不符合要求：{listed}", 400,
                          details={"fields": fields})


def prior_title(nomination: Nomination) -> HonourRollEntry | None:
    """The honour-roll entry of this person, if they already hold a 港城工匠 title."""
    candidates = db.session.scalars(sa.select(HonourRollEntry).where(sa.or_(
        HonourRollEntry.name == (nomination.name or "").strip(),
        sa.and_(HonourRollEntry.mobile.is_not(None), HonourRollEntry.mobile == nomination.mobile),
    )).order_by(HonourRollEntry.year)).all()
    for entry in candidates:
        if nomination.mobile and entry.mobile == nomination.mobile:
            return entry
        if _normalise(entry.name) != _normalise(nomination.name):
            continue
        if entry.birth_month is not None:
            if entry.birth_month == nomination.birth_month:
                return entry
        elif _normalise(entry.employer_name) == _normalise(nomination.employer_name):
            return entry
    return None


def require_not_prior_winner(nomination: Nomination) -> None:
    entry = prior_title(nomination)
    if entry is not None:
        raise DomainError("prior_winner",
                          f"已获得过“港城工匠”称号的职工不再申报（{entry.year}年“{entry.title}”）。"
                          "如信息有误，请联系市总工会。", 403, details={"year": entry.year})


def find_duplicate(nomination: Nomination) -> tuple[str, Nomination] | None:
    """Another active nomination of the same person in the campaign, whatever the channel, and what matched.

    For the audit log only: the refusal people see never says what matched (services/nominations/duplicates.py).
    """
    keys = {"identity": identity_key(nomination.name, nomination.birth_month, nomination.employer_name),
            "mobile": mobile_key(nomination.mobile)}
    columns = {"identity": Nomination.active_identity_key, "mobile": Nomination.active_mobile_key}
    for kind, key in keys.items():
        if key is None:
            continue
        other = db.session.scalars(sa.select(Nomination).where(
            Nomination.campaign_id == nomination.campaign_id, Nomination.id != nomination.id,
            columns[kind] == key)).first()
        if other is not None:
            return kind, other
    return None
