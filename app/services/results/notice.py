"""The public notice (公示): publishing starts the window; what the public sees of the results."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from app.extensions import db
from app.models import RESULT_GROUP_LABELS, Campaign, ResultNotice, User
from app.models.base import utcnow
from app.services import audit
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.notifications.outbox import notify
from app.services.results import confirmation, workdays


@dataclass(frozen=True)
class Window:
    published: bool
    starts_on: date | None
    ends_on: date | None
    working_days: int | None
    state: str  # "unpublished", "upcoming", "open", "closed"

    @property
    def label(self) -> str:
        return {"unpublished": "未公示", "upcoming": "即将公示", "open": "公示中", "closed": "公示已结束"}[self.state]


def window(campaign: Campaign, notice: ResultNotice | None = None, now: datetime | None = None) -> Window:
    notice = notice or confirmation.current_notice(campaign)
    if notice is None or notice.published_at is None:
        return Window(False, None, None, None, "unpublished")
    today = stages.local_today(campaign, now)
    state = "upcoming" if today < notice.starts_on else ("open" if today <= notice.ends_on else "closed")
    return Window(True, notice.starts_on, notice.ends_on, notice.working_days, state)


def publish(actor: User, campaign: Campaign, now: datetime | None = None) -> ResultNotice:
    """Start the notice today, for campaign.notice_working_days working days counted from the first working day."""
    confirmation.require_manager(actor, campaign)
    notice = confirmation.current_notice(campaign)
    if notice is None:
        raise DomainError("results_not_confirmed", "评选结果尚未确认，不能公示", 409)
    if notice.published_at is not None:
        raise DomainError("notice_published", "评选结果已经公示", 409)
    # Public (and open to objections) from the day it is published; its working days are counted from the
    # first working day, so a notice published on a Saturday runs to the Friday after.
    today = stages.local_today(campaign, now)
    notice.starts_on, notice.working_days = today, campaign.notice_working_days
    notice.ends_on = workdays.window_end(workdays.first_working_day(today), campaign.notice_working_days)
    start = today
    notice.published_at, notice.published_by_id = utcnow(), actor.id
    # Everyone whose finalist is in the results hears that the notice is open (winners and the not selected).
    people = set().union(*(confirmation.recipients(e.nomination) for e in confirmation.entries(campaign)))
    notify("public_notice_opened", people, {"until": f"{notice.ends_on.year}年{notice.ends_on.month}月{notice.ends_on.day}日",
                                            "campaign_id": campaign.id})
    audit.record("results.publish", "campaign", campaign.id, actor=actor, data={
        "starts_on": start.isoformat(), "ends_on": notice.ends_on.isoformat(), "working_days": notice.working_days,
        "notified": len(people)})
    db.session.commit()
    return notice


def public_results(campaign: Campaign, now: datetime | None = None) -> dict:
    """Only once published: name, employer, trade, title and group of the named, the window, and changes (递补)."""
    win = window(campaign, now=now)
    result = {"campaign_year": campaign.year, "published": win.published, "state": win.state,
              "state_label": win.label, "starts_on": win.starts_on, "ends_on": win.ends_on,
              "working_days": win.working_days, "top_winners": [], "winners": [], "changes": []}
    if not win.published:
        return result
    all_entries = confirmation.entries(campaign)
    by_id = {e.id: e for e in all_entries}
    for entry in all_entries:
        nomination = entry.nomination
        if entry.group in ("top_winner", "winner") and entry.disqualified_at is None:
            item = {"nomination_id": nomination.id, "name": nomination.name, "employer": nomination.employer_name,
                    "trade": nomination.trade, "title": RESULT_GROUP_LABELS[entry.group], "group": entry.group,
                    "promoted": entry.promoted_at is not None}
            result["top_winners" if entry.group == "top_winner" else "winners"].append(item)
        if entry.promoted_at is not None and entry.replaces_entry_id in by_id:
            replaced = by_id[entry.replaces_entry_id].nomination
            result["changes"].append({
                "date": stages.local_today(campaign, entry.promoted_at),
                "note": f"{replaced.name}经核查被取消“{RESULT_GROUP_LABELS[by_id[entry.replaces_entry_id].confirmed_group]}”资格，"
                        f"由{nomination.name}递补为“{RESULT_GROUP_LABELS[entry.group]}”"})
    return result
