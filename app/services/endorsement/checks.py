"""After the scan: organizers check endorsements given by someone who is not a verified representative,
and representatives follow their organization's endorsement requests."""
from __future__ import annotations

import logging

import sqlalchemy as sa

from app.extensions import db
from app.models import Endorsement, EndorsementLetter, Nomination, NominationChannel, Organization, User
from app.models.base import utcnow
from app.services import audit
from app.services.endorsement.decisions import apply_decision
from app.services.errors import DomainError, forbidden, not_found
from app.services.materials.storage import get_storage
from app.services.nominations import access
from app.services.notifications.outbox import notify

log = logging.getLogger(__name__)

REASON_MAX = 500
# Self-nominations an organization is asked about: from submission on (a draft is the worker's own).
# A request still waits for a decision: the representative's, or an organizer's check of an unverified one.
WAITING_STATUSES = ("awaiting_endorsement", "endorsement_check")
REQUEST_STATUSES_HIDDEN = ("draft", "withdrawn")


def _require_organizer(user: User) -> None:
    if not access.is_organizer(user):
        raise forbidden("只有市总工会工作人员可以核实单位认可")


def pending_checks(user: User) -> list[Endorsement]:
    """Endorsements from unverified signers that wait for an organizer, oldest first."""
    _require_organizer(user)
    return list(db.session.scalars(sa.select(Endorsement).where(Endorsement.status == "pending_check")
                                   .order_by(Endorsement.id)))


def pending_count() -> int:
    """How many endorsements wait for an organizer's check (a figure of the console's dashboard)."""
    return db.session.scalar(sa.select(sa.func.count(Endorsement.id)).where(Endorsement.status == "pending_check"))


def load_endorsement(user: User, endorsement_id: int) -> Endorsement:
    _require_organizer(user)
    endorsement = db.session.get(Endorsement, endorsement_id)
    if endorsement is None:
        raise not_found("单位认可")
    return endorsement


def verify_endorsement(endorsement: Endorsement, actor: User, accept: bool, reason: str | None = None) -> Endorsement:
    """An organizer accepts an unverified endorsement (it then takes effect: confirmed or declined) or
    refuses it (the nomination waits for a genuine endorsement again). Audited; the nominee is told."""
    _require_organizer(actor)
    reason = (reason or "").strip() or None
    if not accept and not reason:
        raise DomainError("validation_error", "请说明未通过核实的原因", 400,
                          details={"fields": {"reason": "请说明未通过核实的原因，职工会看到这段说明"}})
    if reason and len(reason) > REASON_MAX:
        raise DomainError("validation_error", f"原因不能超过{REASON_MAX}个字", 400,
                          details={"fields": {"reason": f"不能超过{REASON_MAX}个字"}})
    nomination = db.session.scalars(sa.select(Nomination).where(Nomination.id == endorsement.nomination_id)
                                    .with_for_update().execution_options(populate_existing=True)).one()
    db.session.refresh(endorsement)
    if endorsement.status != "pending_check":
        raise DomainError("already_checked", "这份单位认可已经核实过了", 409, details={"status": endorsement.status})
    if nomination.status != "endorsement_check":
        raise DomainError("not_awaiting_check", "该申报已不在待核实状态（可能已撤回）", 409,
                          details={"status": nomination.status})
    endorsement.checked_by_id, endorsement.checked_at, endorsement.check_reason = actor.id, utcnow(), reason
    audit.record("endorsement.check", "endorsement", endorsement.id, actor=actor, reason=reason,
                 data={"accept": accept, "nomination_id": nomination.id, "decision": endorsement.decision})
    if accept:
        endorsement.status = "effective"
        apply_decision(endorsement, actor)
    else:
        endorsement.status = "refused"
        nomination.status = "awaiting_endorsement"
        notify("endorsement_check_refused", [nomination.nominee_user_id],
               {"nominee": nomination.name, "reason": reason, "nomination_id": nomination.id})
    db.session.commit()
    return endorsement


def open_letter(user: User, letter_id: int) -> tuple[EndorsementLetter, bytes]:
    """The photo of a sealed letter: for organizers (who check it) and for the one who sent it."""
    letter = db.session.get(EndorsementLetter, letter_id)
    if letter is None or not (access.is_organizer(user) or letter.uploaded_by_id == user.id):
        raise not_found("认可函")
    try:
        return letter, get_storage().get(letter.storage_key)
    except FileNotFoundError:
        log.error("stored file %s of endorsement letter %s is missing", letter.storage_key, letter.id)
        raise not_found("认可函") from None


def requests_of(user: User, org_id: int) -> list[tuple[Nomination, Endorsement | None]]:
    """Self-nominations that name the organization, each with its latest endorsement: the waiting ones first."""
    if db.session.get(Organization, org_id) is None:
        raise not_found("组织")
    if not (access.represents(user, org_id) or access.is_organizer(user)):
        raise forbidden("只有该组织经过核实的代表可以查看认可申请")
    nominations = list(db.session.scalars(sa.select(Nomination).where(
        Nomination.employer_org_id == org_id, Nomination.channel == NominationChannel.self_nomination,
        Nomination.status.not_in(REQUEST_STATUSES_HIDDEN)).order_by(Nomination.submitted_at.desc(), Nomination.id)))
    latest: dict[int, Endorsement] = {}
    if nominations:
        for endorsement in db.session.scalars(sa.select(Endorsement).where(
                Endorsement.nomination_id.in_([n.id for n in nominations])).order_by(Endorsement.id)):
            latest[endorsement.nomination_id] = endorsement
    nominations.sort(key=lambda n: n.status not in WAITING_STATUSES)  # stable: newest first within each group
    return [(n, latest.get(n.id)) for n in nominations]
