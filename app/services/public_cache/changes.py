"""Bumping the public cache after every commit a reader could see, whoever made the change.

Collected at each flush, bumped after the commit (a rolled-back change bumps nothing):
- a campaign or one of its stages (a stage switch by hand, dates, like rules, settings): its version,
  and the current-campaign pointer is dropped (a new campaign may have become the current one);
- a nomination that is public before or after the change (a status change, an endorsement or a
  withdrawal that adds it to or drops it from the lists, an edited profile, a published story);
- a file of such a nomination (a photo added, replaced or removed);
- a like hold (the nominee's like button) and a void of likes (its counts, lowered in Redis before the
  void's second commit, which bumps again);
- the results and their notice (confirmed, published, a winner disqualified or moved up).
Drafts and nominations nobody else sees yet bump nothing, so the nomination stage keeps its cache.
"""
from __future__ import annotations

import logging

import redis
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, has_app_context

from app.models import (Campaign, CampaignStage, LikeHold, LikeVoid, Nomination, NominationFile, ResultEntry,
                        ResultNotice)
from app.redis_store import get_redis
from app.services.nominations.access import PUBLIC_STATUSES
from app.services.public_cache.store import POINTER_KEY, bump

log = logging.getLogger(__name__)


def _pending(session: so.Session) -> dict:
    return session.info.setdefault("public_cache", {"campaigns": set(), "files_of": set(), "campaign_rows": False})


def _was_or_is_public(obj: Nomination) -> bool:
    try:
        history = sa.inspect(obj).attrs.status.history
        return obj.status in PUBLIC_STATUSES or any(s in PUBLIC_STATUSES for s in history.deleted or ())
    except sa.exc.SQLAlchemyError:  # a deleted row whose status is no longer loaded: bump, to be safe
        return True


@sa.event.listens_for(so.Session, "after_flush")
def _collect(session: so.Session, _flush_context) -> None:
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Nomination):
            if _was_or_is_public(obj):
                _pending(session)["campaigns"].add(obj.campaign_id)
        elif isinstance(obj, NominationFile):
            # A file taken out of its nomination's list may have lost its nomination id: the old one counts.
            history = sa.inspect(obj).attrs.nomination_id.history
            _pending(session)["files_of"].update([obj.nomination_id, *(history.deleted or ())])
        elif isinstance(obj, Campaign):
            pending = _pending(session)
            pending["campaigns"].add(obj.id)
            pending["campaign_rows"] = True
        elif isinstance(obj, (CampaignStage, LikeHold, LikeVoid, ResultNotice, ResultEntry)):
            _pending(session)["campaigns"].add(obj.campaign_id)


@sa.event.listens_for(so.Session, "before_commit")
def _resolve_files(session: so.Session) -> None:
    session.flush()  # collect what is not flushed yet
    pending = session.info.get("public_cache")
    if not pending or not pending["files_of"]:
        return
    # A file shows only on a public nominee: ask the nomination, inside the transaction.
    rows = session.execute(sa.select(Nomination.campaign_id).where(
        Nomination.id.in_([i for i in pending["files_of"] if i is not None]),
        Nomination.status.in_(PUBLIC_STATUSES))).scalars()
    pending["campaigns"].update(rows)
    pending["files_of"] = set()


@sa.event.listens_for(so.Session, "after_commit")
def _bump(session: so.Session) -> None:
    pending = session.info.pop("public_cache", None)
    if not pending or not has_app_context() or "redis" not in current_app.extensions:
        return
    try:
        for campaign_id in pending["campaigns"]:
            if campaign_id is not None:
                bump(campaign_id)
        if pending["campaign_rows"]:
            get_redis().delete(POINTER_KEY)
    except redis.RedisError:
        # Cached answers then live to their like-count age or the day's end; say so loudly.
        log.error("public cache: not bumped after a commit; public answers may be stale", exc_info=True)


@sa.event.listens_for(so.Session, "after_rollback")
def _forget(session: so.Session) -> None:
    session.info.pop("public_cache", None)
