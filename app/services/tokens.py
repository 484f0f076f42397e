"""Single-use codes (the Invitation rows): random, stored only as a SHA-256 hash, expiring, bound to one
target and one purpose, revoked when a new one is issued for the same target, used at most once.

Invitation codes that people type are short (services/nominations/invitations.py); codes carried by a QR code are long
enough that guessing one is hopeless, and still fit WeChat's 32-character `scene` of a mini-program code.
"""
from __future__ import annotations

import hashlib
import re
import secrets
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Invitation, Lead, Nomination, Organization, User
from app.models.base import as_utc, utcnow
from app.services.errors import DomainError

# No 0/O, 1/I/L: codes are read aloud and typed on phones. All of them are allowed in a wxacode scene.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# 24 of 31 symbols: about 119 bits, within the 32 visible characters WeChat allows for a scene.
QR_CODE_LENGTH = 24
PLAUSIBLE = re.compile(r"[0-9A-Za-z]{4,64}")


def hash_code(code: str) -> str:
    # Case does not matter: people type codes, and a scanned code may come back in either case.
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def issue(purpose: str, creator: User, ttl: timedelta, *, length: int = QR_CODE_LENGTH,
          nomination: Nomination | None = None, lead: Lead | None = None,
          organization: Organization | None = None) -> tuple[Invitation, str]:
    """A fresh code for the target; earlier unused codes of the same purpose and target stop working."""
    if nomination is not None:
        target = Invitation.nomination_id == nomination.id
    elif lead is not None:
        target = Invitation.lead_id == lead.id
    elif organization is not None:
        target = Invitation.organization_id == organization.id
    else:
        raise ValueError("a code is bound to a nomination, a lead or an organization")
    db.session.execute(sa.update(Invitation).where(
        target, Invitation.purpose == purpose, Invitation.claimed_at.is_(None), Invitation.revoked_at.is_(None))
        .values(revoked_at=utcnow()))
    code = "".join(secrets.choice(ALPHABET) for _ in range(length))
    invitation = Invitation(code_hash=hash_code(code), purpose=purpose, created_by_id=creator.id,
                            nomination_id=nomination.id if nomination is not None else None,
                            lead_id=lead.id if lead is not None else None,
                            organization_id=organization.id if organization is not None else None,
                            expires_at=utcnow() + ttl)
    db.session.add(invitation)
    db.session.flush()
    return invitation, code


def find(code: str | None, purposes: tuple[str, ...]) -> Invitation | None:
    """The code's row when it exists for one of these purposes; a code of another purpose is unknown here."""
    if not code or not PLAUSIBLE.fullmatch(code.strip()):
        return None
    return db.session.scalars(sa.select(Invitation).where(
        Invitation.code_hash == hash_code(code), Invitation.purpose.in_(purposes))).first()


def state(invitation: Invitation | None) -> str:
    """invalid, revoked, used, expired or usable."""
    if invitation is None:
        return "invalid"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.claimed_at is not None:
        return "used"
    if as_utc(invitation.expires_at) <= utcnow():
        return "expired"
    return "usable"


def refusal(state_name: str, noun: str) -> DomainError:
    """The stable error of a QR code that cannot be used, in words the scanner understands."""
    return {
        "invalid": DomainError("token_invalid", f"{noun}无效，请核对后重新扫码", 404),
        "revoked": DomainError("token_revoked", f"{noun}已作废（已生成新的{noun}），请扫描最新的{noun}", 410),
        "used": DomainError("token_used", f"该{noun}已经使用过，不能重复使用", 409),
        "expired": DomainError("token_expired", f"{noun}已过期，请重新生成后再扫码", 410),
    }[state_name]


def require_usable(code: str | None, purpose: str, noun: str) -> Invitation:
    invitation = find(code, (purpose,))
    current = state(invitation)
    if current != "usable":
        raise refusal(current, noun)
    return invitation


def take(invitation: Invitation, user: User, noun: str) -> None:
    """Mark the code used by this user; exactly one of two simultaneous users succeeds."""
    taken = db.session.execute(sa.update(Invitation).where(
        Invitation.id == invitation.id, Invitation.claimed_at.is_(None), Invitation.revoked_at.is_(None),
        Invitation.expires_at > utcnow())
        .values(claimed_by_id=user.id, claimed_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    if taken != 1:
        db.session.refresh(invitation)
        current = state(invitation)
        raise refusal("used" if current == "usable" else current, noun)
    db.session.refresh(invitation)
