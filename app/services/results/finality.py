"""Whether the results are final, so that the winners may be named and commended (命名表彰): confirmed and
published, the public notice over, every objection answered and every disqualified winner's place filled."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, Objection
from app.services.errors import DomainError
from app.services.results import confirmation, notice, vacancies


def problems(campaign: Campaign, now: datetime | None = None) -> list[str]:
    """What still stands between the results and the awards, in words for the organizer; empty when final."""
    if confirmation.current_notice(campaign) is None:
        return ["评选结果尚未确认"]
    win = notice.window(campaign, now=now)
    found = []
    if not win.published:
        found.append("评选结果尚未公示")
    elif win.state != "closed":
        found.append(f"公示期至{win.ends_on.year}年{win.ends_on.month}月{win.ends_on.day}日结束，期满后才能命名表彰")
    open_objections = db.session.scalar(sa.select(sa.func.count(Objection.id)).where(
        Objection.campaign_id == campaign.id, Objection.status.in_(("received", "investigating"))))
    if open_objections:
        found.append(f"尚有 {open_objections} 件公示异议未答复")
    # A place nobody is left to fill (the ranking ran out) does not hold the awards back.
    unfilled = [v for v in vacancies.vacancies(campaign) if vacancies.candidates(campaign, v)]
    if unfilled:
        found.append(f"尚有 {len(unfilled)} 个被取消资格的名额未递补")
    return found


def require_final(campaign: Campaign, now: datetime | None = None) -> None:
    found = problems(campaign, now)
    if found:
        raise DomainError("results_not_final", "暂不能登记表彰：" + "；".join(found), 409, details={"problems": found})
