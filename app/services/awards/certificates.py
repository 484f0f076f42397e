"""E-certificates: issued with a serial nobody can guess, verified publicly by it, revoked with a reason."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import Award, Campaign, Certificate, User
from app.models.base import as_utc, utcnow
from app.services import audit
from app.services.awards import certificate_image
from app.services.errors import DomainError, not_found

# Crockford-like alphabet: no 0/O, 1/I/L, so a serial read aloud or typed from paper is not mistaken.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_CHARS = 20  # about 99 bits: never guessed, never enumerated
CHINESE_DIGITS = "〇一二三四五六七八九"
MONTHS = ("", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def new_serial(year: int) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return f"GCGJ-{year}-{body[:5]}-{body[5:10]}-{body[10:15]}-{body[15:]}"


def verify_url(serial: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL']}/verify/{serial}"


def current(award: Award) -> Certificate | None:
    """The certificate in force: the latest one not revoked."""
    valid = [c for c in award.certificates if c.revoked_at is None]
    return valid[-1] if valid else None


def issue(award: Award, *, actor: User) -> Certificate:
    if current(award) is not None:
        raise DomainError("certificate_exists", "该获奖者已有有效证书；如需重新颁发，请先撤销原证书", 409)
    campaign = db.session.get(Campaign, award.campaign_id)
    certificate = Certificate(award=award, serial=new_serial(campaign.year), issued_at=utcnow())
    db.session.add(certificate)
    db.session.flush()
    audit.record("certificate.issued", "nomination", award.nomination_id, actor=actor,
                 data={"serial": certificate.serial, "title": award.title})
    return certificate


def issue_all(campaign: Campaign, awards: list[Award], *, actor: User) -> int:
    issued = 0
    for award in awards:
        if award.campaign_id == campaign.id and current(award) is None and not award.certificates:
            issue(award, actor=actor)
            issued += 1
    return issued


def revoke(serial: str, reason: str, *, actor: User) -> Certificate:
    certificate = find(serial)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("validation_error", "请填写撤销原因", 422)
    if len(reason) > 200:
        raise DomainError("validation_error", "撤销原因不超过 200 字", 422)
    if certificate.revoked_at is not None:
        raise DomainError("certificate_revoked", "该证书已于此前撤销", 409)
    certificate.revoked_at, certificate.revoked_reason = utcnow(), reason
    audit.record("certificate.revoked", "nomination", certificate.award.nomination_id, actor=actor, reason=reason,
                 data={"serial": certificate.serial})
    return certificate


def find(serial: str) -> Certificate:
    serial = (serial or "").strip().upper()
    found = db.session.scalars(sa.select(Certificate).where(Certificate.serial == serial)).first() \
        if 0 < len(serial) <= 40 else None
    if found is None:
        raise not_found("证书")
    return found


@dataclass(frozen=True)
class Verification:
    """What anyone may read about a certificate: public fields only."""
    serial: str
    valid: bool
    name: str
    title: str
    employer: str
    year: int
    issuer: str
    issued_on: date
    revoked_on: date | None
    revoked_reason: str | None


def _local(campaign: Campaign, value: datetime) -> datetime:
    return as_utc(value).astimezone(ZoneInfo(campaign.timezone))


def verification(serial: str) -> Verification:
    certificate = find(serial)
    award = certificate.award
    campaign = db.session.get(Campaign, award.campaign_id)
    revoked = certificate.revoked_at
    return Verification(serial=certificate.serial, valid=revoked is None, name=award.nomination.name,
                        title=award.title, employer=award.nomination.employer_name or "", year=campaign.year,
                        issuer=certificate_image.ISSUER,
                        issued_on=_local(campaign, certificate.issued_at).date(),
                        revoked_on=_local(campaign, revoked).date() if revoked else None,
                        revoked_reason=certificate.revoked_reason)


def _chinese_date(value: datetime) -> str:
    year = "".join(CHINESE_DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{MONTHS[value.month]}月"


def image(certificate: Certificate) -> bytes:
    award = certificate.award
    campaign = db.session.get(Campaign, award.campaign_id)
    return certificate_image.render(certificate_image.CertificateText(
        name=award.nomination.name, title=award.title, year=campaign.year,
        employer=award.nomination.employer_name or "", serial=certificate.serial,
        issued_on=_chinese_date(_local(campaign, certificate.issued_at)), verify_url=verify_url(certificate.serial)))
