"""A nomination: one person put forward in one campaign through one channel, with the fields of attachment 1."""
from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow


class NominationChannel(str, enum.Enum):
    self_nomination = "self"  # 个人自荐
    union = "union"  # 单位集中推荐 (county/district union or union of a municipal unit)
    association = "association"  # 社团推荐 (industry association / chamber)


CHANNEL_LABELS = {
    NominationChannel.self_nomination: "个人自荐",
    NominationChannel.union: "单位集中推荐",
    NominationChannel.association: "社团推荐",
}

# Statuses; later issues extend the list (a plain string column, so no migration is needed for that).
STATUS_LABELS = {
    "draft": "草稿",
    "submitted": "已提交",
    "awaiting_endorsement": "待单位认可",
    "endorsement_check": "单位认可待核实",
    "endorsed": "单位已认可",
    "returned": "已退回修改",
    "under_review": "考察审核中",
    "qualified": "审核合格",
    "rejected": "未通过审核",
    "finalist": "入围",
    "not_shortlisted": "未入围",
    "top_winner": "港城十大工匠",
    "winner": "港城工匠",
    "not_selected": "未当选",
    "disqualified": "取消资格",
    "withdrawn": "已撤回",
}
# Statuses that count as "active" for the one-person-one-nomination rule and for quotas.
ACTIVE_STATUSES = ("submitted", "awaiting_endorsement", "endorsement_check", "endorsed", "returned", "under_review",
                   "qualified", "finalist", "not_shortlisted", "top_winner", "winner")
# Review (考察审核): a nomination is in the review queue in these statuses (organization channels arrive
# "submitted", self-nominations once "endorsed"; a resubmission after a review return comes back "under_review").
REVIEW_QUEUE_STATUSES = ("submitted", "endorsed", "under_review")

# The four conditions of the notice (a nominee claims at least one).
CONDITIONS = {
    1: "具有工艺专长",
    2: "掌握高超技能",
    3: "体现引领作用",
    4: "注重岗位创新",
}


class Nomination(db.Model):
    __tablename__ = "nomination"
    # One person, one active nomination per campaign, whatever the channel: the keys are set while the
    # status is active (see services/nominations/eligibility.py) and NULL otherwise, so the database itself refuses
    # a second active nomination even when two submissions race. Change statuses through the ORM (not bulk
    # UPDATE statements), so that the keys follow.
    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "active_identity_key"),
        sa.UniqueConstraint("campaign_id", "active_mobile_key"),
        sa.UniqueConstraint("campaign_id", "active_nominee_user_id"),
        # Its id appears in links and codes: SQLite must never reuse a deleted row's id (migration 0007).
        {"sqlite_autoincrement": True},
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    channel: so.Mapped[NominationChannel] = so.mapped_column(
        sa.Enum(NominationChannel, native_enum=False, length=20, validate_strings=True,
                values_callable=lambda kinds: [k.value for k in kinds]))
    status: so.Mapped[str] = so.mapped_column(sa.String(24), default="draft", index=True)

    # Who filed it: the worker (self) or an organization's representative (union, association).
    submitted_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # The worker's own account, once known (a unit nomination invites the worker to claim it).
    nominee_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # The recommending organization (union/association channels): its quota is used.
    nominating_org_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organization.id"), index=True)
    # The employer (or industry association) that must acknowledge a self-nomination.
    employer_org_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organization.id"), index=True)

    # Attachment 1, person data.
    name: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    gender: so.Mapped[str | None] = so.mapped_column(sa.String(4))  # 男 / 女
    political_status: so.Mapped[str | None] = so.mapped_column(sa.String(20))  # 政治面貌 (private)
    birth_month: so.Mapped[date | None]  # 出生年月, the first day of the month (private)
    education: so.Mapped[str | None] = so.mapped_column(sa.String(20))  # 学历
    trade: so.Mapped[str | None] = so.mapped_column(sa.String(60))  # 工种(专业)
    skill_level: so.Mapped[str | None] = so.mapped_column(sa.String(30))  # 技能等级
    trade_since: so.Mapped[date | None]  # 从事本工种(专业)工作时间: the start
    post: so.Mapped[str | None] = so.mapped_column(sa.String(60))  # 工作岗位(职务)
    mobile: so.Mapped[str | None] = so.mapped_column(sa.String(20), index=True)  # 联系方式(手机) (private)
    employer_name: so.Mapped[str | None] = so.mapped_column(sa.String(120))  # 工作单位
    district: so.Mapped[str | None] = so.mapped_column(sa.String(20), index=True)
    career: so.Mapped[str | None] = so.mapped_column(sa.Text)  # 主要经历
    awards: so.Mapped[str | None] = so.mapped_column(sa.Text)  # 何时何地受过何种奖励
    deeds: so.Mapped[str | None] = so.mapped_column(sa.Text)  # 主要事迹 (≤ 800 characters)
    story: so.Mapped[str | None] = so.mapped_column(sa.Text)  # 事迹简介 (about 1,500 characters)
    brief: so.Mapped[str | None] = so.mapped_column(sa.String(100))  # 简要技能业绩 (≤ 100, attachment 2)
    # [{"condition": 1-4, "evidence": "..."}]
    conditions: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    priority_chief_employee: so.Mapped[bool] = so.mapped_column(default=False)  # 曾获市首席员工
    priority_innovation_award: so.Mapped[bool] = so.mapped_column(default=False)  # 市级以上职工科技创新成果奖

    # The three opinions with seal and date (self-nominees may leave the first two empty).
    unit_opinion: so.Mapped[str | None] = so.mapped_column(sa.Text)
    unit_opinion_on: so.Mapped[date | None]
    supervising_union_opinion: so.Mapped[str | None] = so.mapped_column(sa.Text)
    supervising_union_opinion_on: so.Mapped[date | None]
    city_union_opinion: so.Mapped[str | None] = so.mapped_column(sa.Text)
    city_union_opinion_on: so.Mapped[date | None]

    privacy_consent_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    # Set when the content check passed: only then is user-written text shown publicly.
    content_checked_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    # Why it was returned or declined, shown to the nominee.
    return_reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    # Set when review returned it for more (退回补充): the last day (campaign time zone) to resubmit, which
    # holds even after the nomination stage has closed. NULL for a return by the employer.
    resubmit_by: so.Mapped[date | None]
    # The story (事迹简介) is shown publicly only once an organizer has published it.
    story_published_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    # Hashes of name + birth month + employer, and of the mobile, while the nomination is active.
    active_identity_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    active_mobile_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    # The nominee's account while the nomination is active: one active nomination per WeChat account too.
    active_nominee_user_id: so.Mapped[int | None]

    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow, onupdate=utcnow)
    submitted_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)

    campaign: so.Mapped["Campaign"] = so.relationship()  # noqa: F821
    nominating_org: so.Mapped["Organization | None"] = so.relationship(foreign_keys=[nominating_org_id])  # noqa: F821
    employer_org: so.Mapped["Organization | None"] = so.relationship(foreign_keys=[employer_org_id])  # noqa: F821
    files: so.Mapped[list["NominationFile"]] = so.relationship(  # noqa: F821
        back_populates="nomination", order_by="NominationFile.id", cascade="all, delete-orphan")

    def files_of(self, kind: str) -> list["NominationFile"]:  # noqa: F821
        return [f for f in self.files if f.kind == kind]
