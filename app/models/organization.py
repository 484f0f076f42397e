"""Unions, associations and employers, and the people who represent them."""
from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow


class OrganizationKind(str, enum.Enum):
    county_union = "county_union"  # 县、区总工会 (functional zones included)
    unit_union = "unit_union"  # 市直属单位工会
    association = "association"  # 行业协会、商会
    employer = "employer"  # 用人单位


KIND_LABELS = {
    OrganizationKind.county_union: "县区总工会",
    OrganizationKind.unit_union: "市直属单位工会",
    OrganizationKind.association: "行业协会（商会）",
    OrganizationKind.employer: "用人单位",
}


class Organization(db.Model):
    __tablename__ = "organization"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120), unique=True)
    kind: so.Mapped[OrganizationKind] = so.mapped_column(
        sa.Enum(OrganizationKind, native_enum=False, length=20, validate_strings=True), index=True
    )
    district: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    parent_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organization.id"), index=True)
    # None: the campaign's quota for this kind applies.
    quota: so.Mapped[int | None]
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    parent: so.Mapped["Organization | None"] = so.relationship(remote_side="Organization.id")
    memberships: so.Mapped[list["Membership"]] = so.relationship(back_populates="organization")


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (sa.UniqueConstraint("user_id", "organization_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    organization_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organization.id"), index=True)
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default="representative")
    verified: so.Mapped[bool] = so.mapped_column(default=False)
    verified_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    user: so.Mapped["User"] = so.relationship(back_populates="memberships")  # noqa: F821
    organization: so.Mapped[Organization] = so.relationship(back_populates="memberships")

    @property
    def active(self) -> bool:
        return self.verified and self.revoked_at is None
