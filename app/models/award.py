"""Awards (表彰奖励): what each winner receives, the state of each item, and the e-certificates."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

# Items a winner receives, in the order the console shows them; the medal only for the top ten.
AWARD_ITEMS = {"medal": "五一劳动奖章", "certificate": "证书", "plaque": "奖牌", "prize": "奖金"}
# Each item moves forward through these states (a prize is "paid" where a thing is "handed over").
ITEM_STATES = {"pending": "待准备", "prepared": "已备妥", "handed_over": "已颁发", "paid": "已发放"}
MEDAL_CHECKS = {"pending": "待市总工会审核", "passed": "审核通过", "failed": "审核未通过"}


class Award(db.Model):
    __tablename__ = "award"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), unique=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(20))
    prize_yuan: so.Mapped[int]
    medal_check: so.Mapped[str | None] = so.mapped_column(sa.String(10))  # NULL: no medal for this title
    medal_checked_on: so.Mapped[date | None]
    medal_note: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # item → {"state": …, "on": "YYYY-MM-DD"}; one JSON column, the items are few and fixed.
    items: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    nomination: so.Mapped["Nomination"] = so.relationship()  # noqa: F821
    certificates: so.Mapped[list["Certificate"]] = so.relationship(back_populates="award",
                                                                   order_by="Certificate.id")


class Certificate(db.Model):
    __tablename__ = "certificate"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    award_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("award.id"), index=True)
    serial: so.Mapped[str] = so.mapped_column(sa.String(40), unique=True)
    issued_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    revoked_reason: so.Mapped[str | None] = so.mapped_column(sa.String(200))

    award: so.Mapped[Award] = so.relationship(back_populates="certificates")
