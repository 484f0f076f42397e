"""Changing a campaign's settings: stage dates and switches, like rules, quotas, selection and prizes.

Everything is validated before anything changes; one save writes one audit entry with each field's
before and after.
"""
from __future__ import annotations

from datetime import date

from app.models import STAGE_SWITCHES, Campaign, User
from app.services import audit
from app.services.errors import DomainError

# field → (label, minimum, maximum)
CAMPAIGN_FIELDS: dict[str, tuple[str, int, int]] = {
    "likes_per_nominee_per_day": ("每人每天对同一推荐对象点赞次数", 1, 100),
    "likes_per_user_per_day": ("每人每天点赞总次数", 1, 1000),
    "likes_per_ip_per_minute": ("同一 IP 每分钟点赞上限", 1, 100000),
    "like_velocity_hold_per_minute": ("单个推荐对象每分钟获赞超过此数即暂停待查", 1, 1000000),
    "likes_weight_percent": ("点赞在评议总分中的权重（%）", 0, 30),
    "quota_county_union": ("县区总工会集中推荐名额", 0, 100),
    "quota_unit_union": ("市直属单位工会集中推荐名额", 0, 100),
    "quota_association": ("行业协会（商会）推荐名额", 0, 100),
    "finalist_count": ("入围对象人数", 1, 500),
    "top_winner_count": ("“港城十大工匠”人数", 0, 500),
    "winner_count": ("“港城工匠”人数", 0, 500),
    "prize_top_yuan": ("“港城十大工匠”奖金（元）", 0, 10_000_000),
    "prize_winner_yuan": ("“港城工匠”奖金（元）", 0, 10_000_000),
    "weight_skill": ("技能水平 权重", 0, 100),
    "weight_mastery": ("绝技绝活 权重", 0, 100),
    "weight_leadership": ("领军作用 权重", 0, 100),
    "weight_contribution": ("突出贡献 权重", 0, 100),
    "max_skill": ("技能水平 满分", 1, 1000),
    "max_mastery": ("绝技绝活 满分", 1, 1000),
    "max_leadership": ("领军作用 满分", 1, 1000),
    "max_contribution": ("突出贡献 满分", 1, 1000),
    "rank_by_normalised": ("排名依据（0 按原始均分，1 按专家标准化均分）", 0, 1),
    "notice_working_days": ("评选结果公示期（工作日）", 1, 30),
}
WEIGHT_FIELDS = ("weight_skill", "weight_mastery", "weight_leadership", "weight_contribution")
SWITCH_LABELS = {
    "nominations_open": "开放推荐申报",
    "recommendations_open": "开放推荐线索",
    "likes_open": "开放点赞",
    "objections_open": "开放公示异议",
    "scoring_open": "开放专家评议",
}


def _parse_int(raw, label: str, low: int, high: int) -> int:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        raise ValueError(f"{label}应为整数") from None
    if not low <= value <= high:
        raise ValueError(f"{label}应在 {low}–{high} 之间")
    return value


def _parse_date(raw, label: str) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ValueError(f"{label}应为日期（YYYY-MM-DD）") from None


def update(campaign: Campaign, values: dict, stage_values: dict[str, dict], *, actor: User,
           reason: str | None = None) -> dict:
    """Apply the given settings; returns {field: {"from", "to"}} of what changed. The caller commits.

    `values` holds campaign fields (missing ones stay), `stage_values` maps a stage key to its
    starts_on, ends_on and switches (a missing switch means off, as an unticked checkbox).
    """
    errors: dict[str, str] = {}
    wanted: dict[str, int] = {}
    for field, (label, low, high) in CAMPAIGN_FIELDS.items():
        if field in values:
            try:
                wanted[field] = _parse_int(values[field], label, low, high)
            except ValueError as exc:
                errors[field] = str(exc)

    def final(field):
        return wanted.get(field, getattr(campaign, field))

    if not errors and final("top_winner_count") + final("winner_count") > final("finalist_count"):
        errors["winner_count"] = "“港城十大工匠”与“港城工匠”人数之和不能超过入围对象人数"

    if not errors and sum(final(f) for f in WEIGHT_FIELDS) == 0:
        errors["weight_skill"] = "四项评分标准的权重不能全部为 0"

    wanted_stages: dict[str, dict] = {}
    for stage in campaign.stages:
        given = stage_values.get(stage.key)
        if given is None:
            continue
        row = {}
        for part, label in (("starts_on", "开始日期"), ("ends_on", "结束日期")):
            try:
                row[part] = _parse_date(given.get(part), f"{stage.name}{label}")
            except ValueError as exc:
                errors[f"stage.{stage.key}.{part}"] = str(exc)
        for switch in STAGE_SWITCHES:
            row[switch] = bool(given.get(switch))
        wanted_stages[stage.key] = row

    previous_end = None
    for stage in campaign.stages:
        row = wanted_stages.get(stage.key, {})
        starts = row.get("starts_on", stage.starts_on)
        ends = row.get("ends_on", stage.ends_on)
        if f"stage.{stage.key}.starts_on" in errors or f"stage.{stage.key}.ends_on" in errors:
            previous_end = None
            continue
        if starts > ends:
            errors[f"stage.{stage.key}.ends_on"] = f"{stage.name}的结束日期不能早于开始日期"
        elif previous_end is not None and starts <= previous_end:
            errors[f"stage.{stage.key}.starts_on"] = f"{stage.name}须在上一阶段结束之后开始"
        previous_end = ends

    if errors:
        raise DomainError("invalid_settings", "设置有误，请按提示修改", 400, details={"fields": errors})

    changes: dict[str, dict] = {}
    for field, value in wanted.items():
        if getattr(campaign, field) != value:
            changes[field] = {"from": getattr(campaign, field), "to": value}
            setattr(campaign, field, value)
    for stage in campaign.stages:
        for part, value in wanted_stages.get(stage.key, {}).items():
            before = getattr(stage, part)
            if before != value:
                shown = (lambda v: v.isoformat()) if isinstance(value, date) else (lambda v: v)
                changes[f"stage.{stage.key}.{part}"] = {"from": shown(before), "to": shown(value)}
                setattr(stage, part, value)
    if changes:
        audit.record("campaign.settings_changed", "campaign", campaign.id, actor=actor, reason=reason,
                     data={"changes": changes})
    return changes


def change_label(key: str, campaign: Campaign | None = None) -> str:
    """How a changed field reads in the audit log, e.g. "考察审核 开始日期"."""
    if key in CAMPAIGN_FIELDS:
        return CAMPAIGN_FIELDS[key][0]
    if key.startswith("stage."):
        _, stage_key, part = key.split(".", 2)
        stage = campaign.stage(stage_key) if campaign else None
        name = stage.name if stage else stage_key
        part_label = {"starts_on": "开始日期", "ends_on": "结束日期"}.get(part) or SWITCH_LABELS.get(part, part)
        return f"{name} {part_label}"
    return key
