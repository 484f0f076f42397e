"""Organization representatives: an organizer issues an invitation QR for an organization, the person who
scans and accepts it becomes its verified representative; organizers list and revoke representatives.
Every step is audited and told through the outbox."""
from __future__ import annotations

import base64
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import KIND_LABELS, Invitation, Membership, Organization, User
from app.models.base import as_utc, utcnow
from app.services import audit, qr_images, tokens
from app.services.errors import DomainError, forbidden, not_found
from app.services.nominations import access
from app.services.notifications.outbox import notify

PURPOSE = "representative"
NOUN = "邀请二维码"
PAGE = "pages/representative/join"  # the mini-program page that reads the token (scene, token or q)
LINK_PATH = "/mp/representative"
REASON_MAX = 500
# An invitation as organizers see it (tokens.state names).
INVITATION_STATE_LABELS = {"usable": "等待扫码", "used": "已使用", "expired": "已过期", "revoked": "已作废"}


def _require_organizer(user: User) -> None:
    if not access.is_organizer(user):
        raise forbidden("只有市总工会工作人员可以管理组织代表")


def _organization(org_id: int) -> Organization:
    org = db.session.get(Organization, org_id)
    if org is None:
        raise not_found("组织")
    return org


def _org_view(org: Organization) -> dict:
    return {"id": org.id, "name": org.name, "kind": org.kind.value, "kind_label": KIND_LABELS[org.kind]}


def invite(organizer: User, org_id: int) -> dict:
    """A new invitation QR for the organization (an earlier unused one stops working): shown once."""
    _require_organizer(organizer)
    org = _organization(org_id)
    ttl = timedelta(days=current_app.config["REPRESENTATIVE_INVITATION_TTL_DAYS"])
    invitation, code = tokens.issue(PURPOSE, organizer, ttl, organization=org)
    expires_at = as_utc(invitation.expires_at)
    link = f"{current_app.config['PUBLIC_BASE_URL']}{LINK_PATH}?token={code}"
    lines = [qr_images.Line(org.name, 30), qr_images.Line("请本单位指定的联系人使用微信扫码，成为单位代表", 22),
             qr_images.expiry_line(expires_at)]
    png = qr_images.code_image(code, page=PAGE, link=link, lines=lines)
    audit.record("representative.invite", "organization", org.id, actor=organizer,
                 data={"token_id": invitation.id, "expires_at": expires_at.isoformat()})
    db.session.commit()
    return {"token": code, "path": f"{PAGE}?token={code}", "link": link, "expires_at": expires_at,
            "organization": _org_view(org), "qr_png": "data:image/png;base64," + base64.b64encode(png).decode()}


def _active_membership(user_id: int, org_id: int) -> Membership | None:
    return db.session.scalars(sa.select(Membership).where(
        Membership.user_id == user_id, Membership.organization_id == org_id)).first()


def describe(user: User, code: str) -> dict:
    """What the scanner is invited to: the organization, and whether they already represent it."""
    invitation = tokens.require_usable(code, PURPOSE, NOUN)
    org = invitation.organization
    return {"organization": _org_view(org), "expires_at": as_utc(invitation.expires_at),
            "already_representative": access.represents(user, org.id)}


def accept(user: User, code: str, name: str | None = None) -> Membership:
    """The scanner becomes a verified representative of the organization; the code is used up."""
    invitation = tokens.require_usable(code, PURPOSE, NOUN)
    org = invitation.organization
    if access.represents(user, org.id):
        raise DomainError("already_representative", f"您已经是{org.name}的代表", 409)
    name = (name or "").strip()
    if name and not 2 <= len(name) <= 20:
        raise DomainError("validation_error", "提交的内容有误，请检查后重试", 400,
                          details={"fields": {"name": "请填写真实姓名（2至20个字）"}})
    tokens.take(invitation, user, NOUN)
    if name:
        user.nickname = name
    membership = _active_membership(user.id, org.id)
    if membership is None:
        membership = Membership(user_id=user.id, organization_id=org.id, role="representative")
        db.session.add(membership)
    membership.verified, membership.verified_at, membership.revoked_at = True, utcnow(), None
    db.session.flush()
    audit.record("representative.join", "organization", org.id, actor=user,
                 data={"membership_id": membership.id, "token_id": invitation.id, "invited_by": invitation.created_by_id})
    notify("representative_joined", [invitation.created_by_id],
           {"name": user.nickname or f"用户{user.id}", "organization": org.name, "organization_id": org.id})
    db.session.commit()
    return membership


def of_organization(organizer: User, org_id: int) -> list[Membership]:
    """Everyone who represents or represented the organization, the active ones first."""
    _require_organizer(organizer)
    _organization(org_id)
    memberships = db.session.scalars(sa.select(Membership).where(Membership.organization_id == org_id)
                                     .order_by(Membership.id))
    return sorted(memberships, key=lambda m: not m.active)


def revoke(organizer: User, org_id: int, user_id: int, reason: str | None) -> Membership:
    """The person no longer represents the organization (audited with the reason; they are told)."""
    _require_organizer(organizer)
    org = _organization(org_id)
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise DomainError("validation_error", "请说明撤销原因（500字以内）", 400,
                          details={"fields": {"reason": "请说明撤销原因（500字以内）"}})
    membership = _active_membership(user_id, org.id)
    if membership is None or not membership.active:
        raise DomainError("not_representative", "该用户不是本组织的在任代表", 404)
    membership.revoked_at = utcnow()
    audit.record("representative.revoke", "organization", org.id, actor=organizer, reason=reason,
                 data={"membership_id": membership.id, "user_id": user_id})
    notify("representative_revoked", [user_id], {"organization": org.name, "reason": reason})
    db.session.commit()
    return membership


def invitations_of(organizer: User, org_id: int) -> list[dict]:
    """The organization's invitation QR codes, newest first, each with its state and who used it when."""
    _require_organizer(organizer)
    _organization(org_id)
    rows = db.session.scalars(sa.select(Invitation).where(
        Invitation.organization_id == org_id, Invitation.purpose == PURPOSE).order_by(Invitation.id.desc()))
    return [{"invitation": row, "state": tokens.state(row), "state_label": INVITATION_STATE_LABELS[tokens.state(row)],
             "created_by": db.session.get(User, row.created_by_id),
             "used_by": db.session.get(User, row.claimed_by_id) if row.claimed_by_id else None} for row in rows]


def revoke_invitation(organizer: User, org_id: int, invitation_id: int) -> Invitation:
    """A printed QR that must not be used any more (lost, given to the wrong person) stops working; audited."""
    _require_organizer(organizer)
    _organization(org_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.purpose != PURPOSE or invitation.organization_id != org_id:
        raise not_found(NOUN)
    current = tokens.state(invitation)
    if current != "usable":
        raise DomainError("invitation_not_usable", f"该{NOUN}{INVITATION_STATE_LABELS[current]}，无需作废", 409)
    invitation.revoked_at = utcnow()
    audit.record("representative.invitation_revoked", "organization", org_id, actor=organizer,
                 data={"token_id": invitation.id})
    db.session.commit()
    return invitation
