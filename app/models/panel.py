"""The panel (评议组): its members, who scores whom, scoring rounds, each expert's score sheet, and the
recorded decisions that break ties and confirm the ranking."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

# The notice's four criteria, in its order: key → label.
CRITERIA = {"skill": "技能水平", "mastery": "绝技绝活", "leadership": "领军作用", "contribution": "突出贡献"}
MEMBER_KINDS = {"leader": "相关单位领导", "expert": "行业专家"}
CONFLICT_KINDS = {"colleague": "同事", "relative": "亲属", "same_unit": "同一单位", "other": "其他"}
ROUND_KINDS = {"main": "评议", "tiebreak": "并列加评"}
DECISION_KINDS = {"chair_order": "评议组组长裁定", "tiebreak_round": "加评轮次", "confirmed": "确认排名"}


class PanelMember(db.Model):
    __tablename__ = "panel_member"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "user_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    unit: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    kind: so.Mapped[str] = so.mapped_column(sa.String(12), default="expert")
    is_chair: so.Mapped[bool] = so.mapped_column(default=False)
    added_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    user: so.Mapped["User"] = so.relationship()  # noqa: F821


class PanelAssignment(db.Model):
    __tablename__ = "panel_assignment"
    __table_args__ = (sa.UniqueConstraint("member_id", "nomination_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    member_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("panel_member.id", ondelete="CASCADE"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)


class PanelRound(db.Model):
    """A scoring round: the main one, or a further round among finalists tied at a boundary."""

    __tablename__ = "panel_round"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "number"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    number: so.Mapped[int]
    kind: so.Mapped[str] = so.mapped_column(sa.String(12), default="main")
    # A tie-break round scores only these (nomination ids); the main round scores the assignments.
    nomination_ids: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    boundary: so.Mapped[int | None]
    opened_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    opened_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    closed_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    closed_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))


class PanelScore(db.Model):
    """One expert's sheet for one finalist in one round: four scores and a comment, or a declared conflict."""

    __tablename__ = "panel_score"
    __table_args__ = (sa.UniqueConstraint("round_id", "member_id", "nomination_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("panel_round.id"), index=True)
    member_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("panel_member.id"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    scores: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)  # criterion key → integer
    comment: so.Mapped[str | None] = so.mapped_column(sa.Text)
    conflict: so.Mapped[str | None] = so.mapped_column(sa.String(12))  # CONFLICT_KINDS; set → abstains
    conflict_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    updated_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)


class PanelDecision(db.Model):
    """A recorded decision: the chair's order of tied finalists, a tie-break round, or the confirmed ranking."""

    __tablename__ = "panel_decision"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(16))
    boundary: so.Mapped[int | None]
    nomination_ids: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)  # in the decided order
    round_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("panel_round.id"))
    chair_member_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("panel_member.id"))
    reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    figures: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)  # the confirmed ranking's figures
    decided_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
