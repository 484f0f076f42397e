"""Employer endorsement of a self-nomination by QR code (DESIGN.md section 7).

A submitted self-nomination waits for the organization named on it (employer or industry association).
The nominee shows a QR code carrying a single-use token (services/tokens.py); whoever scans it sees a
short summary and confirms or declines. A verified representative of that organization decides directly;
anyone else signs with name, post and a photo of the sealed letter, and an organizer checks it
(services/endorsement/checks.py) before it counts.
"""
from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import Endorsement, EndorsementLetter, Nomination, NominationChannel, User
from app.models.base import as_utc
from app.redis_store import get_redis
from app.services import audit, qr_images, tokens
from app.services.campaigns import stages
from app.services.errors import DomainError, forbidden
from app.services.materials import uploads
from app.services.nominations import access
from app.services.nominations.employer import organization_label
from app.services.notifications.outbox import notify

PURPOSE = "endorsement"
NOUN = "认可码"
PAGE = "pages/endorse/index"  # the mini-program page that reads the token (scene, token or q)
LINK_PATH = "/mp/endorse"
CODES_PER_HOUR = 30
LETTERS_PER_CODE = 5
COMMENT_MAX = 500


def qr_caption(nomination: Nomination, expires_at: datetime) -> list[qr_images.Line]:
    employer = organization_label(nomination)
    return [qr_images.Line(f"{nomination.name}（{nomination.trade or '自荐'}）", 34),
            qr_images.Line(employer, 22, muted=True),
            qr_images.Line("请单位负责人使用微信扫码确认", 28),
            qr_images.expiry_line(expires_at, nomination.campaign.timezone)]


def _require_awaiting(nomination: Nomination) -> None:
    if nomination.status != "awaiting_endorsement":
        raise DomainError("not_awaiting_endorsement", "该申报当前不需要单位认可", 409,
                          details={"status": nomination.status})


def _limit_codes(nomination: Nomination) -> None:
    key = f"endorsement-codes:{nomination.id}"
    count = get_redis().incr(key)
    if count == 1:
        get_redis().expire(key, 3600)
    if count > CODES_PER_HOUR:
        raise DomainError("too_many_codes", "认可码生成过于频繁，请稍后再试", 429,
                          retry_after=max(int(get_redis().ttl(key)), 1))


def issue_code(user: User, nomination_id: int) -> tuple[bytes, datetime]:
    """A new endorsement QR for the nominee (the earlier one stops working): the PNG and its expiry."""
    nomination = access.load_for_view(user, nomination_id)
    if nomination.channel != NominationChannel.self_nomination:
        raise DomainError("not_self_nomination", "只有个人自荐需要单位扫码认可", 409)
    if user.id != nomination.nominee_user_id:
        raise forbidden("只有被推荐人本人可以获取认可码")
    _require_awaiting(nomination)
    _limit_codes(nomination)
    ttl = timedelta(days=current_app.config["ENDORSEMENT_TOKEN_TTL_DAYS"])
    invitation, code = tokens.issue(PURPOSE, user, ttl, nomination=nomination)
    link = f"{current_app.config['PUBLIC_BASE_URL']}{LINK_PATH}?token={code}"
    expires_at = as_utc(invitation.expires_at)
    image = qr_images.code_image(code, page=PAGE, link=link, lines=qr_caption(nomination, expires_at))
    audit.record("endorsement.code_issued", "nomination", nomination.id, actor=user,
                 data={"token_id": invitation.id, "expires_at": expires_at.isoformat()})
    db.session.commit()
    return image, expires_at


def can_endorse_directly(user: User, nomination: Nomination) -> bool:
    return user.id != nomination.nominee_user_id and access.represents(user, nomination.employer_org_id)


def _open(user: User, code: str, *, lock: bool = False):
    invitation = tokens.require_usable(code, PURPOSE, NOUN)
    query = sa.select(Nomination).where(Nomination.id == invitation.nomination_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    nomination = db.session.scalars(query).one()
    if lock:  # someone may have used the code while we waited for the lock: say so, not "not awaiting"
        db.session.refresh(invitation)
        if tokens.state(invitation) != "usable":
            raise tokens.refusal(tokens.state(invitation), NOUN)
    _require_awaiting(nomination)
    if user.id in (nomination.nominee_user_id, nomination.submitted_by_id):
        raise forbidden("不能认可本人的申报，请由单位负责人扫码确认")
    return invitation, nomination


def summary(user: User, code: str) -> dict:
    """What the scanner sees: the nominee in brief (nothing private) and how they can answer."""
    invitation, nomination = _open(user, code)
    org = nomination.employer_org
    return {"nomination_id": nomination.id,
            "nominee": {"name": nomination.name, "employer_name": nomination.employer_name,
                        "trade": nomination.trade, "post": nomination.post},
            "organization": {"id": org.id, "name": org.name} if org else None,
            "can_endorse_directly": can_endorse_directly(user, nomination),
            "expires_at": as_utc(invitation.expires_at)}


def attach_letter(user: User, code: str, data: bytes) -> EndorsementLetter:
    """The photo of the letter with the unit's seal, sent before the decision by someone unverified."""
    invitation, nomination = _open(user, code)
    sent = db.session.scalar(sa.select(sa.func.count(EndorsementLetter.id)).where(
        EndorsementLetter.token_id == invitation.id))
    if sent >= LETTERS_PER_CODE:
        raise DomainError("too_many_files", f"每个认可码最多上传{LETTERS_PER_CODE}张认可函照片", 409)
    checked = uploads.inspect("endorsement_letter", data)
    return uploads.store(checked, lambda **stored: EndorsementLetter(
        token_id=invitation.id, nomination_id=nomination.id, uploaded_by_id=user.id, **stored))


def _text(value, limit: int) -> str:
    return (value or "").strip()[:limit] if isinstance(value, str) else ""


def _checked_answer(body: dict, direct: bool, invitation, user: User) -> tuple[dict, EndorsementLetter | None]:
    """Every field checked before anything changes; errors per field in details.fields."""
    errors, letter = {}, None
    decision = body.get("decision")
    comment = _text(body.get("comment"), 10_000)
    if decision not in ("confirm", "decline"):
        errors["decision"] = "请选择认可（confirm）或不予认可（decline）"
    if decision == "decline" and not comment:
        errors["comment"] = "不予认可时请说明原因，职工会看到这段说明"
    if len(comment) > COMMENT_MAX:
        errors["comment"] = f"意见不能超过{COMMENT_MAX}个字"
    answer = {"decision": decision, "comment": comment or None}
    if not direct:
        name, post = _text(body.get("signer_name"), 100), _text(body.get("signer_post"), 100)
        if not 2 <= len(name) <= 20:
            errors["signer_name"] = "请填写您的真实姓名（2至20个字）"
        if not 2 <= len(post) <= 30:
            errors["signer_post"] = "请填写您在单位的职务（2至30个字）"
        letter_id = body.get("letter_file_id")
        letter = db.session.get(EndorsementLetter, letter_id) if isinstance(letter_id, int) else None
        if letter is None or letter.uploaded_by_id != user.id:
            errors["letter_file_id"] = "请上传加盖单位公章的认可函照片"
        elif letter.token_id != invitation.id:
            errors["letter_file_id"] = "认可函不是用这个认可码上传的，请重新上传"
        answer.update(signer_name=name, signer_post=post)
    if errors:
        raise DomainError("validation_error", "提交的内容有误，请检查后重试", 400, details={"fields": errors})
    return answer, letter


def apply_decision(endorsement: Endorsement, actor: User) -> None:
    """An endorsement in force changes the nomination and tells the nominee (the caller commits)."""
    nomination = endorsement.nomination
    data = {"nominee": nomination.name, "organization": organization_label(nomination), "nomination_id": nomination.id,
            "comment": endorsement.comment or ""}
    if endorsement.decision == "confirm":
        nomination.status = "endorsed"
        if not nomination.unit_opinion:  # attachment 1: 所在单位行政、工会意见
            nomination.unit_opinion = endorsement.comment or "同意推荐。"
            nomination.unit_opinion_on = stages.local_today(nomination.campaign)
        notify("endorsement_confirmed", [nomination.nominee_user_id], data)
    else:
        nomination.status, nomination.return_reason = "returned", f"单位不予认可：{endorsement.comment}"
        notify("endorsement_declined", [nomination.nominee_user_id], data)
    audit.record(f"endorsement.{endorsement.decision}", "nomination", nomination.id, actor=actor,
                 reason=endorsement.comment, data={"endorsement_id": endorsement.id, "direct": endorsement.direct})


def endorse(user: User, code: str, body: dict) -> Endorsement:
    """Confirm or decline with the code: in force at once for a verified representative, else waits for a check."""
    invitation, nomination = _open(user, code, lock=True)
    direct = can_endorse_directly(user, nomination)
    answer, letter = _checked_answer(body, direct, invitation, user)
    expected = body.get("nomination_id")
    if expected is not None and expected != nomination.id:
        raise tokens.refusal("invalid", NOUN)  # the code belongs to another nomination than the one shown
    tokens.take(invitation, user, NOUN)
    endorsement = Endorsement(nomination=nomination, token_id=invitation.id, organization_id=nomination.employer_org_id,
                              endorser_id=user.id, direct=direct, letter_id=letter.id if letter else None,
                              status="effective" if direct else "pending_check", **answer)
    db.session.add(endorsement)
    db.session.flush()
    if direct:
        apply_decision(endorsement, user)
    else:
        nomination.status = "endorsement_check"
        data = {"nominee": nomination.name, "organization": organization_label(nomination), "signer": answer["signer_name"],
                "post": answer["signer_post"], "nomination_id": nomination.id, "endorsement_id": endorsement.id}
        notify("endorsement_needs_check", access.organizer_ids(), data)
        notify("endorsement_awaiting_check", [nomination.nominee_user_id], data)
        audit.record("endorsement.unverified", "nomination", nomination.id, actor=user, reason=endorsement.comment,
                     data={"endorsement_id": endorsement.id, "decision": endorsement.decision,
                           "signer_name": endorsement.signer_name, "signer_post": endorsement.signer_post})
    db.session.commit()
    return endorsement
