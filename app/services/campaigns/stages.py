"""Which stage is current, and whether an action is open now: the one place every adapter asks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import STAGE_KEYS, Campaign, CampaignStage, User
from app.services import audit
from app.services.errors import DomainError, not_found

# Action name → the stage switch that opens it, and how people read it.
ACTIONS = {
    "nominations": ("nominations_open", "推荐申报"),
    "recommendations": ("recommendations_open", "推荐线索"),
    "likes": ("likes_open", "点赞"),
    "objections": ("objections_open", "公示异议"),
    "scoring": ("scoring_open", "专家评议"),
}

# Work of the organizers that belongs to stages rather than to a switch: action → (stage keys, label).
# A manual override counts as being in that stage. Drafts of articles may be written earlier; only
# publishing waits for promotion.
STAGE_WORK = {
    "review": (("review",), "考察审核"),
    "shortlist": (("review",), "确定入围名单"),
    "articles": (("promotion", "evaluation", "commendation"), "发布推介文章"),
    "results": (("evaluation",), "确认评选结果"),
}


@dataclass(frozen=True)
class StageState:
    today: date
    stage: CampaignStage | None  # None before the first stage, between stages, or after the last
    phase: str  # "before", "in_stage", "between", "after"
    overridden: bool


def current_campaign(now: datetime | None = None) -> Campaign:
    """The latest campaign whose first stage has started (or that an organizer switched by hand), else the
    earliest of those still waiting: next year's campaign, once created, waits until its first stage opens."""
    campaigns = list(db.session.scalars(sa.select(Campaign).order_by(Campaign.year.desc())))
    if not campaigns:
        raise not_found("活动")
    for campaign in campaigns:
        if campaign.stage_override or not campaign.stages or \
                campaign.stages[0].starts_on <= local_today(campaign, now):
            return campaign
    return campaigns[-1]


def local_today(campaign: Campaign, now: datetime | None = None) -> date:
    now = now or datetime.now(timezone.utc)
    return now.astimezone(ZoneInfo(campaign.timezone)).date()


def stage_state(campaign: Campaign, now: datetime | None = None) -> StageState:
    today = local_today(campaign, now)
    if campaign.stage_override:
        return StageState(today, campaign.stage(campaign.stage_override), "in_stage", True)
    stages = campaign.stages
    for stage in stages:
        if stage.starts_on <= today <= stage.ends_on:
            return StageState(today, stage, "in_stage", False)
    if not stages or today < stages[0].starts_on:
        phase = "before"
    elif today > stages[-1].ends_on:
        phase = "after"
    else:
        phase = "between"
    return StageState(today, None, phase, False)


def open_flags(campaign: Campaign, now: datetime | None = None) -> dict[str, bool]:
    stage = stage_state(campaign, now).stage
    return {action: bool(stage and getattr(stage, switch)) for action, (switch, _) in ACTIONS.items()}


def is_open(campaign: Campaign, action: str, now: datetime | None = None) -> bool:
    return open_flags(campaign, now)[action]


def require_open(campaign: Campaign, action: str, now: datetime | None = None) -> None:
    if not is_open(campaign, action, now):
        label = ACTIONS[action][1]
        raise DomainError("stage_closed", f"当前阶段未开放{label}", 409)


def in_stage_for(campaign: Campaign, work: str, now: datetime | None = None) -> bool:
    stage = stage_state(campaign, now).stage
    return bool(stage and stage.key in STAGE_WORK[work][0])


def require_stage_for(campaign: Campaign, work: str, now: datetime | None = None) -> None:
    """Refuses work outside the stages that allow it (STAGE_WORK), with the stage's names in the message."""
    if not in_stage_for(campaign, work, now):
        keys, label = STAGE_WORK[work]
        names = "、".join(s.name for s in campaign.stages if s.key in keys) or "、".join(keys)
        raise DomainError("stage_closed", f"当前阶段不能{label}（仅在{names}阶段）", 409)


def timeline(campaign: Campaign, now: datetime | None = None) -> list[dict]:
    state = stage_state(campaign, now)
    current_position = state.stage.position if state.stage else None
    rows = []
    for stage in campaign.stages:
        if current_position is not None:
            status = "current" if stage.position == current_position else (
                "done" if stage.position < current_position else "upcoming")
        else:
            status = "done" if stage.ends_on < state.today else "upcoming"
        rows.append({"stage": stage, "status": status})
    return rows


def set_override(campaign: Campaign, stage_key: str | None, *, actor: User | None = None,
                 actor_label: str | None = None, reason: str | None = None) -> None:
    """Switch the stage by hand (or back to dates with None); always audited."""
    if stage_key is not None and stage_key not in STAGE_KEYS:
        raise DomainError("invalid_stage", f"未知的阶段：{stage_key}", 400, details={"stage": stage_key})
    previous = campaign.stage_override
    if previous == stage_key:
        return
    campaign.stage_override = stage_key
    audit.record("campaign.stage_override", "campaign", campaign.id, actor=actor, actor_label=actor_label,
                 reason=reason, data={"from": previous, "to": stage_key})
