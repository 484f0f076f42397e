"""Each stage's opening is announced once ("stage_opened") to the people it concerns.

A stage opens by date (the worker checks at start and after each local midnight) or by an organizer's
switch. Whoever first inserts the stage's StageOpening row (unique per campaign and stage) writes the
notifications in the same transaction; every other worker, restart or repeated switch finds the row
(or loses the insert to the unique constraint) and announces nothing.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ACTIVE_STATUSES, Campaign, CampaignStage, Membership, Nomination, PanelMember, StageOpening
from app.services.campaigns.stages import current_campaign, stage_state
from app.services.errors import DomainError
from app.services.notifications.outbox import notify
from app.services.write_lock import begin_write

FINALIST_STATUSES = ("finalist", "top_winner", "winner")
WINNER_STATUSES = ("top_winner", "winner")
# Whose nominations a stage concerns (their submitters and nominees).
NOMINATION_STATUSES = {
    "nomination": ACTIVE_STATUSES,
    "review": ACTIVE_STATUSES,
    "promotion": FINALIST_STATUSES,
    "evaluation": FINALIST_STATUSES,
    "commendation": WINNER_STATUSES,
}


def concerned(campaign: Campaign, stage_key: str) -> set[int]:
    """The users a stage's opening concerns."""
    rows = db.session.execute(sa.select(Nomination.submitted_by_id, Nomination.nominee_user_id).where(
        Nomination.campaign_id == campaign.id, Nomination.status.in_(NOMINATION_STATUSES[stage_key])))
    people = {uid for row in rows for uid in row if uid is not None}
    if stage_key == "nomination":  # organization representatives file centralized nominations
        people |= set(db.session.scalars(sa.select(Membership.user_id).where(
            Membership.verified.is_(True), Membership.revoked_at.is_(None))))
    if stage_key == "evaluation":
        people |= set(db.session.scalars(sa.select(PanelMember.user_id).where(PanelMember.campaign_id == campaign.id)))
    return people


def announce(campaign: Campaign, stage: CampaignStage) -> int | None:
    """Claim the stage's opening and notify its people; None when it was announced before. The caller commits."""
    try:
        with db.session.begin_nested():
            opening = StageOpening(campaign_id=campaign.id, stage_key=stage.key)
            db.session.add(opening)
    except IntegrityError:
        return None  # announced before, or another worker claimed it first
    people = concerned(campaign, stage.key)
    notify("stage_opened", people, {"campaign": campaign.title, "stage": stage.name, "campaign_id": campaign.id,
                                    "stage_key": stage.key})
    opening.recipients = len(people)
    return len(people)


def announce_current(now: datetime | None = None) -> int | None:
    """Announce the current campaign's current stage if nobody has; commits. Returns how many were told."""
    try:
        campaign = current_campaign(now)
    except DomainError:
        return None  # no campaign yet
    stage = stage_state(campaign, now).stage
    if stage is None:
        return None
    begin_write()  # on SQLite a reader that then writes can deadlock with another writer
    told = announce(campaign, stage)
    try:
        db.session.commit()
    except IntegrityError:  # lost the race at commit time (the row appeared after our check)
        db.session.rollback()
        return None
    return told
