"""A yearly campaign and its five stages. Every figure of the notice is a default here, not a constant."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

STAGE_KEYS = ("nomination", "review", "promotion", "evaluation", "commendation")

# The per-stage switches; each action asks services.stages whether its switch is on now.
STAGE_SWITCHES = ("nominations_open", "recommendations_open", "likes_open", "objections_open", "scoring_open")


class Campaign(db.Model):
    __tablename__ = "campaign"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    year: so.Mapped[int] = so.mapped_column(unique=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    timezone: so.Mapped[str] = so.mapped_column(sa.String(64), default="Asia/Shanghai")
    # An organizer's manual switch wins over the dates until it is cleared.
    stage_override: so.Mapped[str | None] = so.mapped_column(sa.String(20))

    likes_per_nominee_per_day: so.Mapped[int] = so.mapped_column(default=1)
    likes_per_user_per_day: so.Mapped[int] = so.mapped_column(default=10)
    likes_per_ip_per_minute: so.Mapped[int] = so.mapped_column(default=120)
    like_velocity_hold_per_minute: so.Mapped[int] = so.mapped_column(default=600)
    likes_weight_percent: so.Mapped[int] = so.mapped_column(default=0)

    quota_county_union: so.Mapped[int] = so.mapped_column(default=15)
    quota_unit_union: so.Mapped[int] = so.mapped_column(default=5)
    quota_association: so.Mapped[int] = so.mapped_column(default=5)

    finalist_count: so.Mapped[int] = so.mapped_column(default=50)
    top_winner_count: so.Mapped[int] = so.mapped_column(default=10)
    winner_count: so.Mapped[int] = so.mapped_column(default=40)
    prize_top_yuan: so.Mapped[int] = so.mapped_column(default=10000)
    prize_winner_yuan: so.Mapped[int] = so.mapped_column(default=4000)
    notice_working_days: so.Mapped[int] = so.mapped_column(default=5, server_default="5")  # 公示期（工作日）

    # The panel's rubric: a weight and a maximum score per criterion (models.panel.CRITERIA).
    weight_skill: so.Mapped[int] = so.mapped_column(default=25, server_default="25")
    weight_mastery: so.Mapped[int] = so.mapped_column(default=25, server_default="25")
    weight_leadership: so.Mapped[int] = so.mapped_column(default=25, server_default="25")
    weight_contribution: so.Mapped[int] = so.mapped_column(default=25, server_default="25")
    max_skill: so.Mapped[int] = so.mapped_column(default=100, server_default="100")
    max_mastery: so.Mapped[int] = so.mapped_column(default=100, server_default="100")
    max_leadership: so.Mapped[int] = so.mapped_column(default=100, server_default="100")
    max_contribution: so.Mapped[int] = so.mapped_column(default=100, server_default="100")
    # 0: the raw mean decides the ranking; 1: the per-expert normalised (z-score) mean does.
    rank_by_normalised: so.Mapped[int] = so.mapped_column(default=0, server_default="0")

    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    stages: so.Mapped[list["CampaignStage"]] = so.relationship(
        back_populates="campaign", order_by="CampaignStage.position", cascade="all, delete-orphan"
    )

    def stage(self, key: str) -> "CampaignStage | None":
        return next((s for s in self.stages if s.key == key), None)


class CampaignStage(db.Model):
    __tablename__ = "campaign_stage"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(20))
    position: so.Mapped[int]
    name: so.Mapped[str] = so.mapped_column(sa.String(40))
    # Inclusive dates in the campaign's time zone.
    starts_on: so.Mapped[date]
    ends_on: so.Mapped[date]

    nominations_open: so.Mapped[bool] = so.mapped_column(default=False)
    recommendations_open: so.Mapped[bool] = so.mapped_column(default=False)
    likes_open: so.Mapped[bool] = so.mapped_column(default=False)
    objections_open: so.Mapped[bool] = so.mapped_column(default=False)
    scoring_open: so.Mapped[bool] = so.mapped_column(default=False)

    campaign: so.Mapped[Campaign] = so.relationship(back_populates="stages")
