"""Who may be nominated, and when a nomination is complete: the notice's rules, checked in one place.

- complete: every field of attachment 1, the materials (1 ID photo, 2 work photos, ≥ 1 certificate),
  deeds ≤ 800 characters, the story's length, ≥ 5 years in the trade, ≥ 1 condition, privacy consent;
- not a holder of the 港城工匠 title (the honour roll of earlier campaigns);
- one active nomination per person and campaign, whatever the channel: same name + birth month +
  employer, or same mobile; and one per WeChat account (the nominee's). The database enforces both too
  (unique keys set while the status is active).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import ACTIVE_STATUSES, CHANNEL_LABELS, Campaign, HonourRollEntry, Nomination
from app.services.campaigns.stages import local_today
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
    nomination.active_nominee_user_id = nomination.nominee_user_id if active else None


def years_in_trade(trade_since: date, as_of: date) -> int:
    return rules.months_between(trade_since, as_of) // 12


def years_counted_to(campaign: Campaign) -> date:
    """Years in the trade are counted to the campaign's nomination deadline (its settings), not to today:
    a nomination of 2019 is judged, and printed, as of 2019."""
    stage = campaign.stage("nomination")
    return stage.ends_on if stage is not None else local_today(campaign)


def missing_items(nomination: Nomination) -> dict[str, str]:
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
    if nomination.trade_since and years_in_trade(nomination.trade_since,
                                                 years_counted_to(nomination.campaign)) < YEARS_IN_TRADE_MIN:
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


def require_complete(nomination: Nomination) -> None:
    fields = missing_items(nomination)
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


def nomination_of_account(user_id: int | None, campaign_id: int, *, excluding: int | None = None,
                          drafts: bool = False) -> Nomination | None:
    """Another nomination in the campaign whose nominee is this account: active ones, and drafts if asked."""
    if user_id is None:
        return None
    statuses = ACTIVE_STATUSES + (("draft",) if drafts else ())
    query = sa.select(Nomination).where(Nomination.campaign_id == campaign_id, Nomination.nominee_user_id == user_id,
                                        Nomination.status.in_(statuses))
    if excluding is not None:
        query = query.where(Nomination.id != excluding)
    return db.session.scalars(query.order_by(Nomination.id)).first()


def account_taken_error(other: Nomination | None, *, own: bool, hint: str = "") -> DomainError:
    """One account, one nomination: said plainly to the account's owner, without details to anyone else."""
    if own and other is not None:
        message = (f"您在本届活动中已有一份推荐（{CHANNEL_LABELS[other.channel]}），"
                   f"每个微信账号只能有一份有效推荐{hint}")
        return DomainError("nominee_account_taken", message, 409, details={"id": other.id})
    return DomainError("nominee_account_taken", "被推荐人的微信账号在本届活动中已有一份有效的推荐，同一人只能被推荐一次", 409)


def require_account_free(nomination: Nomination, actor_id: int) -> None:
    """At submission: the nominee's account has no other active nomination in the campaign."""
    other = nomination_of_account(nomination.nominee_user_id, nomination.campaign_id, excluding=nomination.id)
    if other is not None:
        raise account_taken_error(other, own=actor_id == nomination.nominee_user_id)
