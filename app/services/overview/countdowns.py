"""The moments the home page counts down to: the end of the current stage and, while the results are on
public notice (公示), the end of the notice (its last day inclusive, in the campaign's local days)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from app.models import Campaign
from app.services.campaigns import calendar, stages
from app.services.results import notice


def countdowns(campaign: Campaign, now: datetime | None = None) -> list[dict]:
    """[{key, label, ends_at}], soonest first; empty when nothing ends ahead (e.g. a stage switched by hand)."""
    now = now or datetime.now(timezone.utc)
    found = []
    stage = stages.stage_state(campaign, now).stage
    stage_end = calendar.stage_ends_at(campaign, now)
    if stage is not None and stage_end is not None:
        found.append({"key": "stage", "label": f"距{stage.name}阶段结束", "ends_at": stage_end})
    window = notice.window(campaign, now=now)
    if window.state == "upcoming":
        found.append({"key": "notice", "label": "距评选结果公示开始",
                      "ends_at": calendar.day_end(campaign, window.starts_on - timedelta(days=1))})
    elif window.state == "open":
        found.append({"key": "notice", "label": "距评选结果公示期结束",
                      "ends_at": calendar.day_end(campaign, window.ends_on)})
    return sorted(found, key=lambda row: row["ends_at"])
