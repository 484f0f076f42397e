"""Next year's campaign, made from the last one: the year after, its stages a year later, every setting copied.

Organizations and their quotas are global (not per campaign), so they carry over by themselves; the
campaign's quota settings are copied with the rest. The new campaign becomes current when its first
stage opens (stages.current_campaign); until then the old one stays current, and afterwards readable.
"""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import STAGE_SWITCHES, Campaign, CampaignStage, User
from app.services import audit
from app.services.errors import DomainError, not_found

# Every setting of a campaign except what makes it itself (id, year, created_at) and a manual switch.
NOT_COPIED = {"id", "year", "title", "created_at", "stage_override"}


def _a_year_later(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def next_title(title: str, year: int) -> str:
    return title.replace(str(year), str(year + 1))


def create_next(*, actor: User, title: str | None = None) -> Campaign:
    last = db.session.scalars(sa.select(Campaign).order_by(Campaign.year.desc()).limit(1)).first()
    if last is None:
        raise not_found("活动")
    year = last.year + 1
    title = (title or "").strip() or next_title(last.title, last.year)
    if len(title) > 200:
        raise DomainError("validation_error", "活动名称不超过 200 字", 422)
    campaign = Campaign(year=year, title=title)
    for column in Campaign.__table__.columns.keys():
        if column not in NOT_COPIED:
            setattr(campaign, column, getattr(last, column))
    for stage in last.stages:
        copy = CampaignStage(key=stage.key, name=stage.name, position=stage.position,
                             starts_on=_a_year_later(stage.starts_on), ends_on=_a_year_later(stage.ends_on))
        for switch in STAGE_SWITCHES:
            setattr(copy, switch, getattr(stage, switch))
        campaign.stages.append(copy)
    db.session.add(campaign)
    db.session.flush()
    audit.record("campaign.created_next", "campaign", campaign.id, actor=actor,
                 data={"from_year": last.year, "year": year, "title": title})
    return campaign
