"""What the like script needs from the database, mirrored into Redis and kept in sync.

- `likes:state:{campaign}`: when likes are open (windows in ms, from the stage dates or the organizer's
  switch) and the campaign's like rules;
- `likes:likeable:{campaign}`: the nominees that may be liked (LIKEABLE_STATUSES);
- `likes:held:{campaign}`: nominees held for review.

Every commit that changes a campaign, a stage or a nomination's status updates these right after
it commits (session events below), so an organizer's switch takes effect on the next like; the
first like after Redis lost them rebuilds them from the database.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import redis
import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, has_app_context

from app.extensions import db
from app.models import Campaign, CampaignStage, LikeHold, Nomination
from app.redis_store import get_redis
from app.services.campaigns.stages import current_campaign
from app.services.likes.counts import board_key

log = logging.getLogger(__name__)

# A finalist (入围对象) is shown to the public for likes during promotion; earlier statuses are not public.
LIKEABLE_STATUSES = ("finalist",)
# Statuses shown with their likes after promotion too (leaderboard, posters).
PUBLIC_STATUSES = ("finalist", "top_winner", "winner", "not_selected")
FOREVER_MS = 2**53 - 1  # an organizer's switch has no end date
CAMPAIGN_CACHE_SECONDS = 5.0
STREAM_KEY = "likes:stream"  # accepted likes (and holds, risk refusals) on their way to the ledger
WINDOW_SECONDS = 60  # the IP window and the velocity window
DAY_KEY_SECONDS = 48 * 3600  # keys named after a day outlive it (rebuilds, late drains), then go


def state_key(campaign_id: int) -> str:
    return f"likes:state:{campaign_id}"


def likeable_key(campaign_id: int) -> str:
    return f"likes:likeable:{campaign_id}"


def held_key(campaign_id: int) -> str:
    return f"likes:held:{campaign_id}"


def velocity_key(campaign_id: int, nomination_id: int, minute: int) -> str:
    return f"likes:velocity:{campaign_id}:{nomination_id}:{minute}"


def ip_key(campaign_id: int, ip: str, minute: int) -> str:
    return f"likes:ip:{campaign_id}:{ip}:{minute}"


def user_day_key(campaign_id: int, day: date, user_id: int) -> str:
    return f"likes:user:{campaign_id}:{day.isoformat()}:{user_id}"


@dataclass(frozen=True)
class CampaignRef:
    """What a like needs to know about the current campaign, cached in the process for a few seconds."""
    id: int
    zone: ZoneInfo


def current_ref(refresh: bool = False) -> CampaignRef:
    cache = current_app.extensions.setdefault("likes_campaign", {})
    ref, expires = cache.get("ref"), cache.get("expires", 0.0)
    if refresh or ref is None or time.monotonic() >= expires:
        campaign = current_campaign()
        ref = CampaignRef(campaign.id, ZoneInfo(campaign.timezone))
        cache.update(ref=ref, expires=time.monotonic() + CAMPAIGN_CACHE_SECONDS)
    return ref


@dataclass(frozen=True)
class Moment:
    """`now` seen in the campaign's time zone: the day, and when that day ends."""
    now_ms: int
    day: date
    day_ends_at: int  # unix seconds

    @property
    def seconds_to_midnight(self) -> int:
        return max(1, self.day_ends_at - self.now_ms // 1000)


_days: dict[str, tuple[int, int, date]] = {}  # zone → (day starts, day ends (unix s), day): the day in use


def moment(ref: CampaignRef, now: datetime | None = None) -> Moment:
    now_s = now.timestamp() if now else time.time()
    known = _days.get(ref.zone.key)
    if known is None or not known[0] <= now_s < known[1]:  # first like of a day: work the day out once
        local = datetime.fromtimestamp(now_s, ref.zone)
        tomorrow = local.date() + timedelta(days=1)
        start = datetime(local.year, local.month, local.day, tzinfo=ref.zone)
        midnight = datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=ref.zone)
        known = _days[ref.zone.key] = (int(start.timestamp()), int(midnight.timestamp()), local.date())
    return Moment(int(now_s * 1000), known[2], known[1])


def _midnight_ms(day: date, zone: ZoneInfo) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=zone).timestamp() * 1000)


def like_windows(campaign: Campaign) -> list[tuple[int, int]]:
    """The spans (ms since the epoch, end excluded) in which likes are open, as services.stages decides it."""
    if campaign.stage_override:
        stage = campaign.stage(campaign.stage_override)
        return [(0, FOREVER_MS)] if stage is not None and stage.likes_open else []
    stages = campaign.stages
    if not stages:
        return []
    zone = ZoneInfo(campaign.timezone)
    day, last = min(s.starts_on for s in stages), max(s.ends_on for s in stages)
    windows: list[tuple[int, int]] = []
    run_start = None
    while day <= last + timedelta(days=1):
        # The day's stage is the first one whose dates hold it, as in stages.stage_state.
        stage = next((s for s in stages if s.starts_on <= day <= s.ends_on), None)
        is_open = bool(stage and stage.likes_open)
        if is_open and run_start is None:
            run_start = day
        elif not is_open and run_start is not None:
            windows.append((_midnight_ms(run_start, zone), _midnight_ms(day, zone)))
            run_start = None
        day += timedelta(days=1)
    return windows


def state_fields(campaign: Campaign) -> dict[str, str]:
    return {
        "windows": ";".join(f"{a},{b}" for a, b in like_windows(campaign)),
        "per_nominee": str(campaign.likes_per_nominee_per_day),
        "per_user": str(campaign.likes_per_user_per_day),
        "per_ip": str(campaign.likes_per_ip_per_minute),
        "velocity": str(campaign.like_velocity_hold_per_minute),
    }


def likeable_ids(campaign_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(Nomination.id).where(
        Nomination.campaign_id == campaign_id, Nomination.status.in_(LIKEABLE_STATUSES))))


def held_ids(campaign_id: int) -> list[int]:
    return list(db.session.scalars(sa.select(LikeHold.nomination_id).where(
        LikeHold.campaign_id == campaign_id, LikeHold.released_at.is_(None))))


def sync_switch(campaign: Campaign) -> None:
    """Mirror the stage switch and the like rules of `campaign` into Redis."""
    get_redis().hset(state_key(campaign.id), mapping=state_fields(campaign))


def sync_likeable(campaign: Campaign) -> int:
    """Make Redis's likeable set exactly the campaign's likeable nominees (call after bulk changes, e.g. seed)."""
    ids = likeable_ids(campaign.id)
    held = held_ids(campaign.id)
    pipe = get_redis().pipeline(transaction=True)
    pipe.delete(likeable_key(campaign.id))
    if ids:
        pipe.sadd(likeable_key(campaign.id), *ids)
        # Every likeable nominee is on the leaderboard, with 0 until liked.
        pipe.zadd(board_key(campaign.id), {str(i): 0 for i in ids}, nx=True)
    if held:
        pipe.sadd(held_key(campaign.id), *held)
    pipe.execute()
    return len(ids)


def sync_campaign(campaign: Campaign) -> None:
    """Everything the like script reads about `campaign`, from the database."""
    sync_likeable(campaign)
    sync_switch(campaign)


# --- keeping Redis in step with commits ------------------------------------------------------------

def _changes(session: so.Session) -> dict:
    return session.info.setdefault("likes_sync", {"nominations": {}, "campaigns": set(), "states": {}})


@sa.event.listens_for(so.Session, "after_flush")
def _collect_changes(session: so.Session, _flush_context) -> None:
    changes = None
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Nomination):
            state = sa.inspect(obj)
            if obj in session.new or obj in session.deleted or state.attrs.status.history.has_changes():
                changes = changes or _changes(session)
                likeable = obj not in session.deleted and obj.status in LIKEABLE_STATUSES
                changes["nominations"][obj.id] = (obj.campaign_id, likeable)
        elif isinstance(obj, Campaign) and obj not in session.deleted:
            (changes := changes or _changes(session))["campaigns"].add(obj.id)
        elif isinstance(obj, CampaignStage):
            (changes := changes or _changes(session))["campaigns"].add(obj.campaign_id)


@sa.event.listens_for(so.Session, "before_commit")
def _prepare_states(session: so.Session) -> None:
    session.flush()  # what is not flushed yet is collected now, not after the states are computed
    changes = session.info.get("likes_sync")
    if not changes or not changes["campaigns"]:
        return
    for campaign_id in changes["campaigns"]:
        campaign = session.get(Campaign, campaign_id)
        if campaign is not None:
            # Computed inside the transaction: after commit the session may not query.
            changes["states"][campaign_id] = state_fields(campaign)


@sa.event.listens_for(so.Session, "after_commit")
def _apply_changes(session: so.Session) -> None:
    changes = session.info.pop("likes_sync", None)
    if not changes or not has_app_context() or "redis" not in current_app.extensions:
        return
    try:
        pipe = get_redis().pipeline(transaction=True)
        for nomination_id, (campaign_id, likeable) in changes["nominations"].items():
            if likeable:
                pipe.sadd(likeable_key(campaign_id), nomination_id)
                pipe.zadd(board_key(campaign_id), {str(nomination_id): 0}, nx=True)
            else:
                pipe.srem(likeable_key(campaign_id), nomination_id)
        for campaign_id, fields in changes["states"].items():
            pipe.hset(state_key(campaign_id), mapping=fields)
        pipe.execute()
    except redis.RedisError:
        # The database is the truth: `flask --app app likes sync` (or the next start) puts Redis right.
        log.error("likes: Redis not updated after a commit; run `flask --app app likes sync`", exc_info=True)
    if changes["campaigns"]:
        current_app.extensions.pop("likes_campaign", None)


@sa.event.listens_for(so.Session, "after_rollback")
def _forget_changes(session: so.Session) -> None:
    session.info.pop("likes_sync", None)
