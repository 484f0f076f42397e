"""Demo commendation (命名表彰), done through the results and awards services as the demo organizer 周主任.

The public notice of the evaluation stage is over: its objection was looked into and answered (not upheld, with
the finding), the awards are recorded (every winner on the honour roll), the city union's check passed the
medals of the ten, the certificates are issued, and the ceremony's certificates and plaques are handed over.
When the notice was published today by an earlier `--stage evaluation`, the awards are recorded as of the day
after it ends (the services take the time), so the demo reaches this stage at once, as it would weeks later.
Each step acts only on what has not reached it yet: running the seed again changes nothing.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, Objection
from app.models.base import utcnow
from app.services.awards import certificates, records
from app.services.campaigns import stages
from app.services.results import handling, notice
from app.services.seed import evaluation as seed_evaluation
from app.services.seed import review as seed_review

FINDING = ("经调阅大赛组委会公布的获奖名单并与其所在单位核实，被公示人获全国职业技能大赛银奖属实，"
           "获奖证书编号与公示材料一致。")
ANSWER = "经核查，被公示人所报获奖情况属实，证书真实有效，异议所述情况不成立。"
MEDAL_NOTE = "市总工会审核通过"


def _local_noon(campaign: Campaign, day) -> datetime:
    return datetime.combine(day, time(12), ZoneInfo(campaign.timezone)).astimezone(timezone.utc)


def _answer_objections(campaign: Campaign) -> None:
    actor = seed_review.organizer()
    waiting = db.session.scalars(sa.select(Objection).where(
        Objection.campaign_id == campaign.id, Objection.status.in_(("received", "investigating")))).all()
    for objection in waiting:
        if objection.status == "received":
            handling.add_note(actor, objection.id, FINDING)
        handling.answer(actor, objection.id, "not_upheld", ANSWER)


def _award(campaign: Campaign, after_notice: datetime) -> None:
    actor = seed_review.organizer()
    if not records.for_campaign(campaign):
        records.record_awards(campaign, actor=actor, now=after_notice)
        db.session.commit()
    awards = records.for_campaign(campaign)
    ceremony = stages.local_today(campaign, after_notice)
    for award in awards:
        if award.medal_check == "pending":
            records.set_medal_check(award, "passed", ceremony, MEDAL_NOTE, actor=actor)
    if certificates.issue_all(campaign, awards, actor=actor):
        for award in awards:
            for item in ("certificate", "plaque", "medal"):
                if item in award.items and award.items[item]["state"] == "pending":
                    records.set_item_state(award, item, "handed_over", ceremony, actor=actor)
    db.session.commit()


def seed(campaign: Campaign) -> None:
    today = stages.local_today(campaign)
    window = notice.window(campaign)
    if not window.published:
        # Published three weeks ago, so that its five working days are over by now.
        seed_evaluation.seed(campaign, publish_at=_local_noon(campaign, today - timedelta(days=21)))
        window = notice.window(campaign)
    _answer_objections(campaign)
    after = max(utcnow(), _local_noon(campaign, window.ends_on + timedelta(days=1)))
    _award(campaign, after)
