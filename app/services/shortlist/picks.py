"""The draft list of picks, shared by every organizer, and the lock every change of the shortlist takes."""
from __future__ import annotations

import hashlib

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, Nomination, ShortlistDecision, ShortlistPick, User
from app.services import audit
from app.services.accounts import permissions
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found

PICKABLE_STATUS = "qualified"


def lock(campaign: Campaign) -> None:
    """Serialise changes of the campaign's shortlist (two organizers confirming, picking while one confirms).

    PostgreSQL: a row lock on the campaign. SQLite: the database write lock (BEGIN IMMEDIATE), taken before
    anything is written in the session. Read what the change depends on after this, with populate_existing.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        raw = db.session.connection().connection.driver_connection
        if not raw.in_transaction:
            db.session.execute(sa.text("BEGIN IMMEDIATE"))
    else:
        db.session.execute(sa.select(Campaign.id).where(Campaign.id == campaign.id).with_for_update())
    db.session.refresh(campaign)  # its stage switch as it is now, not as this request first read it


def current_decision(campaign: Campaign, *, fresh: bool = False) -> ShortlistDecision | None:
    """The draft being prepared or the confirmed decision; None when there is neither."""
    query = sa.select(ShortlistDecision).where(ShortlistDecision.current_campaign_id == campaign.id)
    if fresh:
        query = query.execution_options(populate_existing=True)
    return db.session.scalars(query).first()


def is_locked(campaign: Campaign, *, fresh: bool = False) -> bool:
    decision = current_decision(campaign, fresh=fresh)
    return decision is not None and decision.status == "confirmed"


def require_changeable(actor: User, campaign: Campaign, *, fresh: bool = False) -> None:
    """Allowed to change the shortlist now: an organizer, in the review stage, the list not confirmed yet.
    Asked again holding the lock with `fresh`, so a confirmation committed meanwhile is seen."""
    permissions.require(actor, "shortlist.manage")
    stages.require_stage_for(campaign, "shortlist")
    if is_locked(campaign, fresh=fresh):
        raise DomainError("shortlist_locked", "入围名单已经领导小组决定确认并锁定；如需调整，请先填写原因重新开放名单", 409)


def picked_ids(campaign: Campaign) -> list[int]:
    return sorted(db.session.scalars(sa.select(ShortlistPick.nomination_id)
                                     .where(ShortlistPick.campaign_id == campaign.id)))


def fingerprint(ids) -> str:
    """A short digest of a set of picks: a confirmation carries the list its organizer saw."""
    return hashlib.sha256(",".join(str(i) for i in sorted(ids)).encode()).hexdigest()[:16]


def _load(campaign: Campaign, nomination_id: int) -> Nomination:
    nomination = db.session.scalars(sa.select(Nomination).where(Nomination.id == nomination_id)
                                    .execution_options(populate_existing=True)).first()
    if nomination is None or nomination.campaign_id != campaign.id:
        raise not_found("推荐对象")
    return nomination


def add(actor: User, campaign: Campaign, nomination_id: int) -> Nomination:
    """Put a qualified nominee on the draft list; adding one already there changes nothing."""
    require_changeable(actor, campaign)
    lock(campaign)
    require_changeable(actor, campaign, fresh=True)  # confirmed while we waited for the lock
    nomination = _load(campaign, nomination_id)
    if nomination.status != PICKABLE_STATUS:
        raise DomainError("not_qualified", f"{nomination.name or '该推荐对象'}不是“审核合格”状态，不能列入入围名单", 409)
    exists = db.session.scalar(sa.select(ShortlistPick.id).where(
        ShortlistPick.campaign_id == campaign.id, ShortlistPick.nomination_id == nomination.id))
    if exists is None:
        db.session.add(ShortlistPick(campaign_id=campaign.id, nomination_id=nomination.id, picked_by_id=actor.id))
        audit.record("shortlist.pick", "nomination", nomination.id, actor=actor)
    db.session.commit()
    return nomination


def remove(actor: User, campaign: Campaign, nomination_id: int) -> Nomination:
    """Take a nominee off the draft list (also one no longer qualified); removing one not there changes nothing."""
    require_changeable(actor, campaign)
    lock(campaign)
    require_changeable(actor, campaign, fresh=True)
    nomination = _load(campaign, nomination_id)
    pick = db.session.scalars(sa.select(ShortlistPick).where(
        ShortlistPick.campaign_id == campaign.id, ShortlistPick.nomination_id == nomination.id)).first()
    if pick is not None:
        db.session.delete(pick)
        audit.record("shortlist.unpick", "nomination", nomination.id, actor=actor)
    db.session.commit()
    return nomination
