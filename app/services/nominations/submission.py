"""Nominations: drafts, changes, submission and withdrawal, through any of the three channels."""
from __future__ import annotations

import hashlib
from datetime import date

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ACTIVE_STATUSES, Nomination, NominationChannel, Organization, User
from app.models.base import utcnow
from app.services import audit, content_check
from app.services.campaigns import stages
from app.services.errors import DomainError, forbidden, not_found
from app.services.nominations import access, duplicates, eligibility, employer, quotas, rules, windows
from app.services.nominations.employer import ENDORSING_KINDS
from app.services.notifications.outbox import notify

# User-written text that a public profile may show: checked before submission.
PUBLIC_TEXT_FIELDS = ("name", "employer_name", "post", "trade", "career", "awards", "deeds", "story", "brief")
FLAG_FIELDS = ("priority_chief_employee", "priority_innovation_award")
WITHDRAWABLE = ("draft", "submitted", "awaiting_endorsement", "endorsement_check", "endorsed", "returned")


def clean_changes(changes: dict, today: date) -> dict:
    """Validate every change first, so that a refused request changes nothing."""
    msgs, cleaned, errors = rules.messages(), {}, {}
    for field, value in changes.items():
        rule = None
        if field == "conditions":
            value, rule = rules.validate_conditions(value)
        elif field in FLAG_FIELDS or field == "privacy_consent":
            value = bool(value)
        elif field == "employer_org_id":
            org = db.session.get(Organization, value) if value is not None else None
            if value is not None and (org is None or org.kind not in ENDORSING_KINDS):
                rule = "employer_org"
        else:
            value, rule = rules.validate_field(field, value, today)
            if field == "name" and value is None and rule is None:
                rule = "required"  # a nomination always names its person (the column is NOT NULL)
        if rule:
            errors[field] = msgs[rule]
        else:
            cleaned[field] = value
    if errors:
        raise rules.field_error(errors)
    return cleaned


def _apply(nomination: Nomination, changes: dict) -> None:
    today = stages.local_today(nomination.campaign)
    for field, value in clean_changes(changes, today).items():
        if field == "privacy_consent":
            nomination.privacy_consent_at = (nomination.privacy_consent_at or utcnow()) if value else None
            continue
        if field == "employer_org_id" and value is not None and not (changes.get("employer_name") or "").strip():
            nomination.employer_name = db.session.get(Organization, value).name
        if field in PUBLIC_TEXT_FIELDS and getattr(nomination, field) != value:
            nomination.content_checked_at = None  # changed text is checked again before it is shown
        setattr(nomination, field, value)


def _commit_person_change(user: User, nomination: Nomination) -> None:
    """Commit, turning the database's one-active-nomination-per-person refusal into the same answer."""
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        if "active_mobile_key" in str(exc.orig) or "active_identity_key" in str(exc.orig):
            duplicates.refuse(user, nomination, "mobile" if "mobile" in str(exc.orig) else "identity")
        if "active_nominee_user_id" in str(exc.orig):  # the nominee's account got another one meanwhile
            eligibility.require_account_free(nomination, user.id)
            raise eligibility.account_taken_error(None, own=False) from None
        raise


def self_draft_refusal(user: User, campaign) -> DomainError | None:
    """Why the user cannot start a self-nomination in the campaign now; None when they can."""
    try:
        stages.require_open(campaign, "nominations")
    except DomainError as error:
        return error
    existing = db.session.scalars(sa.select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.channel == NominationChannel.self_nomination,
        Nomination.nominee_user_id == user.id, Nomination.status != "withdrawn")).first()
    if existing is not None:
        return DomainError("self_nomination_exists", "您在本届活动中已有一份自荐申报，请继续完善该申报", 409,
                           details={"id": existing.id})
    other = eligibility.nomination_of_account(user.id, campaign.id, drafts=True)
    if other is not None:  # nominated by a union or association already, through an invitation code
        return eligibility.account_taken_error(other, own=True, hint="，请在该推荐中核对、完善信息")
    return None


def self_nomination_outlook(user: User) -> dict:
    """What 我的推荐 offers beside the list: whether 填写自荐表 leads anywhere now (nominations open and no
    nomination of this account yet), and the current stage ({key, name}, None between stages)."""
    try:
        campaign = stages.current_campaign()
    except DomainError:
        return {"can_self_nominate": False, "stage": None}
    stage = stages.stage_state(campaign).stage
    return {"can_self_nominate": self_draft_refusal(user, campaign) is None,
            "stage": {"key": stage.key, "name": stage.name} if stage else None}


def create_self_draft(user: User, prefill: dict | None = None, *, commit: bool = True) -> Nomination:
    campaign = stages.current_campaign()
    refusal = self_draft_refusal(user, campaign)
    if refusal is not None:
        raise refusal
    nomination = Nomination(campaign=campaign, channel=NominationChannel.self_nomination, status="draft",
                            submitted_by_id=user.id, nominee_user_id=user.id, conditions=[])
    db.session.add(nomination)
    if prefill:
        _apply(nomination, prefill)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return nomination


def create_org_draft(user: User, org_id: int, changes: dict | None = None, *, commit: bool = True) -> Nomination:
    org = db.session.get(Organization, org_id)
    if org is None:
        raise not_found("组织")
    if not access.represents(user, org.id):
        raise forbidden("只有该组织经过核实的代表可以集中推荐")
    channel = quotas.channel_for(org)
    if channel is None:
        raise forbidden("用人单位不能集中推荐，请通过所在县区总工会、市直属单位工会或行业协会推荐")
    campaign = stages.current_campaign()
    stages.require_open(campaign, "nominations")
    nomination = Nomination(campaign=campaign, channel=channel, status="draft", submitted_by_id=user.id,
                            nominating_org_id=org.id, conditions=[])
    db.session.add(nomination)
    _apply(nomination, changes or {})
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return nomination


def update(user: User, nomination_id: int, changes: dict) -> Nomination:
    nomination = access.load_for_edit(user, nomination_id)
    if nomination.status in ACTIVE_STATUSES:  # a returned nomination's person keys are live
        duplicates.require_attempts_left(user, nomination.campaign)
    _apply(nomination, changes)
    _commit_person_change(user, nomination)
    return nomination


def _text_fingerprint(nomination: Nomination) -> str:
    joined = "\x1f".join(getattr(nomination, f) or "" for f in PUBLIC_TEXT_FIELDS)
    return hashlib.sha256(joined.encode()).hexdigest()


def submit(user: User, nomination_id: int) -> Nomination:
    nomination = access.load_for_view(user, nomination_id)
    if not access.may_file(user, nomination):
        raise forbidden("请由被推荐人本人（自荐）或推荐单位的代表（集中推荐）提交")
    windows.require_submittable(nomination)  # a review return: until its deadline, even after the stage closed
    campaign = nomination.campaign
    duplicates.require_attempts_left(user, campaign)
    eligibility.require_complete(nomination)
    eligibility.require_not_prior_winner(nomination)
    # WeChat is asked before any lock is taken, so a slow answer never holds other submissions up.
    content_check.require_clean({f: getattr(nomination, f) for f in PUBLIC_TEXT_FIELDS}, rules.LABELS)
    checked = _text_fingerprint(nomination)

    quotas.take_write_lock(nomination.nominating_org_id)
    nomination = db.session.scalars(sa.select(Nomination).where(Nomination.id == nomination_id)
                                    .with_for_update().execution_options(populate_existing=True)).one()
    db.session.refresh(nomination, ["files"])
    windows.require_submittable(nomination)  # it may have been submitted while we waited
    eligibility.require_complete(nomination)
    if _text_fingerprint(nomination) != checked:
        raise DomainError("changed_meanwhile", "推荐内容刚刚被修改，请确认后重新提交", 409)
    duplicate = eligibility.find_duplicate(nomination)
    if duplicate is not None:
        duplicates.refuse(user, nomination, *duplicate)
    eligibility.require_account_free(nomination, user.id)
    if nomination.nominating_org_id is not None:
        quotas.require_room(nomination.nominating_org, campaign, nomination)

    if windows.is_review_return(nomination):
        _back_to_review(user, nomination)
        _commit_person_change(user, nomination)
        return nomination
    now = utcnow()
    self_nominated = nomination.channel == NominationChannel.self_nomination
    nomination.status = "awaiting_endorsement" if self_nominated else "submitted"
    nomination.submitted_at = now
    nomination.content_checked_at = now
    audit.record("nomination.submit", "nomination", nomination.id, actor=user,
                 data={"channel": nomination.channel.value, "org_id": nomination.nominating_org_id})
    recipients = {nomination.submitted_by_id, nomination.nominee_user_id} - {None}
    notify("nomination_received", recipients, {"nominee": nomination.name, "nomination_id": nomination.id})
    if self_nominated:
        employer.request_endorsement(nomination)
    _commit_person_change(user, nomination)
    return nomination


def _back_to_review(user: User, nomination: Nomination) -> None:
    """A review return completed in time: back to the review queue, no new endorsement (the caller commits)."""
    deadline = nomination.resubmit_by
    nomination.status = "under_review"
    nomination.resubmit_by = None
    nomination.content_checked_at = utcnow()
    audit.record("nomination.resubmit", "nomination", nomination.id, actor=user,
                 data={"to": "under_review", "resubmit_by": deadline.isoformat(), "channel": nomination.channel.value,
                       "org_id": nomination.nominating_org_id})
    data = {"nominee": nomination.name, "nomination_id": nomination.id, "deadline": windows.day_text(deadline)}
    notify("nomination_resubmitted", access.organizer_ids(), data)
    notify("nomination_received", {nomination.submitted_by_id, nomination.nominee_user_id} - {None}, data)


def withdraw(user: User, nomination_id: int, reason: str | None = None) -> Nomination:
    nomination = access.load_for_view(user, nomination_id)
    if not access.may_file(user, nomination):
        raise forbidden("只有被推荐人本人（自荐）或推荐单位的代表可以撤回")
    if nomination.status not in WITHDRAWABLE:
        raise DomainError("not_withdrawable", "推荐已进入审核，不能撤回；如有需要请联系市总工会", 409)
    previous = nomination.status
    nomination.status = "withdrawn"
    audit.record("nomination.withdraw", "nomination", nomination.id, actor=user, reason=reason,
                 data={"from": previous})
    db.session.commit()
    return nomination


def mine(user: User) -> list[Nomination]:
    """Nominations the user is the nominee of or filed and may still see, newest first."""
    rows = db.session.scalars(sa.select(Nomination).where(sa.or_(
        Nomination.nominee_user_id == user.id, Nomination.submitted_by_id == user.id))
        .order_by(Nomination.id.desc()))
    return [n for n in rows if access.can_view(user, n)]


def of_organization(user: User, org_id: int) -> list[Nomination]:
    if not (access.represents(user, org_id) or access.is_organizer(user)):
        raise forbidden("只有该组织的代表可以查看其推荐")
    campaign = stages.current_campaign()
    return list(db.session.scalars(sa.select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.nominating_org_id == org_id)
        .order_by(Nomination.id)))
