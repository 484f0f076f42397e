"""The job that announces a stage's opening once (by date), then waits for the next local midnight."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from app.extensions import db
from app.services import jobs
from app.services.campaigns import openings

JOB_ID = "campaigns-stage-openings"  # one scheduled check, however many workers start
ZONE = ZoneInfo("Asia/Shanghai")


def seconds_to_next_midnight(now: datetime | None = None) -> float:
    local = (now or datetime.now(timezone.utc)).astimezone(ZONE)
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=5, microsecond=0)
    return (midnight - local).total_seconds()


def announce_stage_job(reschedule: bool = True) -> int | None:
    try:
        return openings.announce_current()
    finally:
        db.session.remove()
        if reschedule:
            jobs.enqueue("campaigns.announce_stage", delay_seconds=seconds_to_next_midnight(), job_id=JOB_ID)
