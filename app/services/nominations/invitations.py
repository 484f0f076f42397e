"""Invitation codes: how a worker nominated by a union or association reaches their nomination, and how a
craftsman named in a lead starts a self-nomination. The code is passed on by the people who know the
worker (a representative, an organizer); the worker's own WeChat account claims it, and from then on
the nomination is theirs to check and complete. Only a hash of the code is stored."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Invitation, Lead, Nomination, NominationChannel, User
from app.models.base import as_utc, utcnow
from app.redis_store import get_redis
from app.services import audit, tokens
from app.services.errors import DomainError, forbidden
from app.services.nominations import access, eligibility
from app.services.notifications.outbox import notify

CODE_LENGTH = 8
FAILED_CLAIMS_PER_HOUR = 10
PAGE = "pages/invitation/index"
PURPOSES = ("nominee", "lead")


def _issue(creator: User, *, nomination: Nomination | None = None, lead: Lead | None = None) -> tuple[Invitation, str]:
    """A fresh code; earlier unclaimed codes for the same target stop working."""
    return tokens.issue("nominee" if nomination else "lead", creator,
                        timedelta(days=current_app.config["INVITATION_TTL_DAYS"]), length=CODE_LENGTH,
                        nomination=nomination, lead=lead)


def describe(invitation: Invitation, code: str) -> dict:
    return {"code": code, "path": f"{PAGE}?code={code}", "expires_at": as_utc(invitation.expires_at)}


def invite_nominee(user: User, nomination_id: int) -> dict:
    """A representative asks the worker to check and complete their unit/association nomination."""
    nomination = access.load_for_view(user, nomination_id)
    if nomination.channel == NominationChannel.self_nomination or not access.may_file(user, nomination):
        raise forbidden("只有推荐单位的代表可以邀请被推荐人")
    if nomination.nominee_user_id is not None:
        raise DomainError("already_claimed", "被推荐人已关联本人账号，无需再次邀请", 409)
    invitation, code = _issue(user, nomination=nomination)
    audit.record("nomination.invite", "nomination", nomination.id, actor=user)
    db.session.commit()
    return describe(invitation, code)


def invite_from_lead(user: User, lead: Lead) -> dict:
    """Called by services.leads once it has checked that the user handles leads; the caller commits."""
    invitation, code = _issue(user, lead=lead)
    return describe(invitation, code)


def _count_failure(user: User) -> None:
    key = f"invitation-failures:{user.id}"
    failures = get_redis().incr(key)
    if failures == 1:
        get_redis().expire(key, 3600)


def claim(user: User, code: str) -> Nomination:
    """The worker's account claims a code: the nomination becomes theirs, or a lead becomes their draft."""
    key = f"invitation-failures:{user.id}"
    failures = int(get_redis().get(key) or 0)
    if failures >= FAILED_CLAIMS_PER_HOUR:
        raise DomainError("too_many_attempts", "邀请码输错次数过多，请一小时后再试", 429,
                          retry_after=max(int(get_redis().ttl(key)), 1))
    invitation = tokens.find(code, PURPOSES)
    if invitation is None:
        _count_failure(user)
        raise DomainError("invitation_invalid", "邀请码无效，请核对后重新输入", 404)
    if invitation.revoked_at is not None:  # counted too: telling it apart must not make guessing cheaper
        _count_failure(user)
        raise DomainError("invitation_revoked", "该邀请码已作废（推荐单位已重新生成），请向推荐单位索取最新的邀请码", 410)
    if invitation.claimed_at is not None:
        if invitation.claimed_by_id == user.id and invitation.nomination_id:
            return db.session.get(Nomination, invitation.nomination_id)
        raise DomainError("invitation_used", "该邀请码已被使用", 409)
    if as_utc(invitation.expires_at) < utcnow():
        raise DomainError("invitation_expired", "邀请码已过期，请联系推荐单位重新获取", 410)
    if invitation.nomination_id is not None:
        target = db.session.get(Nomination, invitation.nomination_id)
        other = eligibility.nomination_of_account(user.id, target.campaign_id, excluding=target.id, drafts=True)
        if other is not None:  # one account, one nomination: the worker chooses, by withdrawing the other
            raise eligibility.account_taken_error(
                other, own=True, hint="；如需改由推荐单位推荐，请先撤回原有推荐后再认领")
    # Claimed by one account only, even when two try at the same moment.
    taken = db.session.execute(sa.update(Invitation).where(
        Invitation.id == invitation.id, Invitation.claimed_at.is_(None))
        .values(claimed_by_id=user.id, claimed_at=utcnow())).rowcount
    if taken != 1:
        raise DomainError("invitation_used", "该邀请码已被使用", 409)

    if invitation.nomination_id is not None:
        nomination = db.session.get(Nomination, invitation.nomination_id)
        nomination.nominee_user_id = user.id
        org_name = nomination.nominating_org.name if nomination.nominating_org else "推荐单位"
        notify("nomination_invitation", [user], {"organization": org_name, "nomination_id": nomination.id})
        notify("invitation_claimed", [nomination.submitted_by_id],
               {"nominee": nomination.name, "nomination_id": nomination.id})
    else:
        from app.services.nominations import submission  # the lead becomes the craftsman's own draft

        lead = db.session.get(Lead, invitation.lead_id)
        nomination = submission.create_self_draft(
            user, {"name": lead.name, "employer_name": lead.employer, "trade": lead.trade}, commit=False)
        lead.status, lead.nomination_id = "nominated", nomination.id
        notify("lead_followed_up", [lead.recommender_id], {"name": lead.name})
    audit.record("invitation.claim", "invitation", invitation.id, actor=user,
                 data={"nomination_id": nomination.id})
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        if "active_nominee_user_id" in str(exc.orig):  # another nomination became this account's meanwhile
            raise eligibility.account_taken_error(None, own=False) from None
        raise
    return nomination
