"""Moments a phone can count down to, and the day an action opens next, in the campaign's local days.

A stage's last day is inclusive: it ends at the local midnight after it. A stage switched by hand
past its dates has no end to count down to (the organizers end it), so none is given.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from app.models import Campaign
from app.services.campaigns import stages


def day_end(campaign: Campaign, day: date) -> datetime:
    """The end of a local day: the midnight after it in the campaign's zone (an aware datetime)."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(campaign.timezone))


def stage_ends_at(campaign: Campaign, now: datetime | None = None) -> datetime | None:
    """When the current stage ends, or None between stages, outside the campaign or past its dates."""
    now = now or datetime.now(timezone.utc)
    stage = stages.stage_state(campaign, now).stage
    if stage is None:
        return None
    ends = day_end(campaign, stage.ends_on)
    return ends if ends > now else None


def opens_on(campaign: Campaign, action: str, now: datetime | None = None) -> date | None:
    """The first day of the next stage that opens `action` (stages.ACTIONS), when it is not open now; else None.

    In a stage (by date or switched by hand) the next such stage is the next in order; outside the
    stages, the next to start after today."""
    state = stages.stage_state(campaign, now)
    switch = stages.ACTIONS[action][0]
    if state.stage is not None and getattr(state.stage, switch):
        return None
    if state.stage is not None:
        later = [s for s in campaign.stages if s.position > state.stage.position]
    else:
        later = [s for s in campaign.stages if s.starts_on > state.today]
    return next((s.starts_on for s in later if getattr(s, switch)), None)
