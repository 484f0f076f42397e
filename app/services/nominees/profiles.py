"""What the public sees of nominees: search, filters, ranking, and the public fields only.

Mobile, birth month, political status and contacts are never part of a public view; the story shows
only once an organizer has published it, and nothing user-written shows before the content check.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import (CHANNEL_LABELS, PUBLIC_FILE_KINDS, STATUS_LABELS, Campaign, Nomination, NominationChannel,
                        User)
from app.models.base import utcnow
from app.services import audit
from app.services.campaigns import stages
from app.services.errors import DomainError, forbidden, not_found
from app.services.likes import counts as like_counts
from app.services.likes import state as like_state
from app.services.likes import ranking
from app.services.materials import sizes
from app.services.nominations.access import PUBLIC_STATUSES, is_public

STAGE_FILTERS = {
    "nominated": ("submitted", "endorsed", "under_review"),
    "finalist": ("finalist", "top_winner", "winner", "not_selected"),
    "winner": ("top_winner", "winner"),
    "top_winner": ("top_winner",),
}
SORTS = ("likes", "newest")
# The statuses that are a title won: a nominee's page and poster name it.
TITLE_STATUSES = STAGE_FILTERS["winner"]


def _public_filter(campaign_id: int):
    return sa.and_(Nomination.campaign_id == campaign_id, Nomination.status.in_(PUBLIC_STATUSES),
                   Nomination.content_checked_at.is_not(None))


def _contains(text: str) -> str:
    """A LIKE pattern matching the text literally (a typed % or _ is not a wildcard)."""
    escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class LikeableNow:
    """Whether nominees of a campaign can be liked now: likes open, a finalist, not held for review.
    Asked once per answer, so a list costs one query for the holds."""

    def __init__(self, campaign: Campaign):
        self.open = stages.is_open(campaign, "likes")
        self.held = set(like_state.held_ids(campaign.id)) if self.open else set()

    def is_held(self, nomination: Nomination) -> bool:
        """Held for review while likes are open (a finalist whose likes are being checked)."""
        return self.open and nomination.id in self.held

    def __call__(self, nomination: Nomination) -> bool:
        return (self.open and nomination.status in like_state.LIKEABLE_STATUSES
                and nomination.id not in self.held)


def _photos(nomination: Nomination) -> list:
    return sorted((f for f in nomination.files if f.kind in PUBLIC_FILE_KINDS),
                  key=lambda f: (PUBLIC_FILE_KINDS.index(f.kind), f.id))


def public_card(nomination: Nomination, likes: int, rank: int | None) -> dict:
    """A nominee in a list: what a phone's card shows, never the story or deeds. The one place building it."""
    photos = [f for f in _photos(nomination) if sizes.has_sizes(f)]
    return {
        "id": nomination.id, "name": nomination.name,
        "thumbnail": sizes.url(photos[0], "thumb") if photos else None,
        "employer_name": nomination.employer_name, "trade": nomination.trade, "district": nomination.district,
        "status": nomination.status, "status_label": STATUS_LABELS.get(nomination.status, nomination.status),
        "likes": likes, "rank": rank,
    }


def title_won(nomination: Nomination) -> str | None:
    """The title a nominee won (港城十大工匠 / 港城工匠), else None."""
    return STATUS_LABELS[nomination.status] if nomination.status in TITLE_STATUSES else None


def public_profile(nomination: Nomination, likes: int, likeable: bool, rank: int | None = None,
                   held: bool = False) -> dict:
    """A nominee's public page: the public fields only. The one place building it.

    The ID photo is the avatar (its thumbnail, a 3:4 portrait), the work photos the page's pictures (display size).
    """
    photos = [f for f in _photos(nomination) if sizes.has_sizes(f)]
    id_photo = next((f for f in photos if f.kind == "id_photo"), None)
    return {
        "id": nomination.id, "campaign_id": nomination.campaign_id, "name": nomination.name,
        "photos": [sizes.url(f, "display") for f in photos],
        "thumbnail": sizes.url(photos[0], "thumb") if photos else None,
        "avatar": sizes.url(id_photo, "thumb") if id_photo else None,
        "work_photos": [sizes.url(f, "display") for f in photos if f.kind == "work_photo"],
        "title": title_won(nomination), "rank": rank, "held_for_review": held,
        "employer_name": nomination.employer_name, "post": nomination.post, "trade": nomination.trade,
        "skill_level": nomination.skill_level, "district": nomination.district,
        "channel": nomination.channel.value, "channel_label": CHANNEL_LABELS[nomination.channel],
        "status": nomination.status, "status_label": STATUS_LABELS.get(nomination.status, nomination.status),
        "awards": nomination.awards, "deeds": nomination.deeds,
        "story": nomination.story if nomination.story_published_at is not None else None,
        "likes": likes, "likeable": likeable,
    }


def ranks(campaign_id: int) -> dict[int, int]:
    """Each ranked nominee's place by likes: the leaderboard's own places (likes/ranking.py), so a card, a
    nominee's page and the 点赞排行 never disagree."""
    return {row["id"]: row["rank"] for row in ranking.ranked(campaign_id)}


def standings(nominations: list[Nomination]) -> dict[int, dict]:
    """Likes, place and whether they can be liked now, of those of the given nominations that are on the
    leaderboard (public finalists and winners), by id: what a nominee sees of their own public standing."""
    ranked = [n for n in nominations if is_public(n) and n.status in like_state.PUBLIC_STATUSES]
    found: dict[int, dict] = {}
    for campaign_id in {n.campaign_id for n in ranked}:
        rows = [n for n in ranked if n.campaign_id == campaign_id]
        placed = ranks(campaign_id)
        counts = like_counts.like_counts(campaign_id, [n.id for n in rows])
        likeable = LikeableNow(rows[0].campaign)
        found.update({n.id: {"likes": counts[n.id], "rank": placed.get(n.id), "likeable": likeable(n)} for n in rows})
    return found


def search(*, q: str | None = None, district: str | None = None, trade: str | None = None,
           channel: str | None = None, stage: str | None = None, sort: str = "newest", page: int = 1,
           per_page: int = 20, campaign: Campaign | None = None) -> tuple[list[dict], int]:
    """A page of public cards; counts from Redis (services/public_cache serves it to most callers)."""
    campaign = campaign or stages.current_campaign()
    query = sa.select(Nomination).where(_public_filter(campaign.id))
    if q and q.strip():
        pattern = _contains(q)
        query = query.where(sa.or_(Nomination.name.ilike(pattern, escape="\\"),
                                   Nomination.employer_name.ilike(pattern, escape="\\"),
                                   Nomination.trade.ilike(pattern, escape="\\")))
    if district:
        query = query.where(Nomination.district == district)
    if trade and trade.strip():
        query = query.where(Nomination.trade.ilike(_contains(trade), escape="\\"))
    if channel:
        query = query.where(Nomination.channel == NominationChannel(channel))
    if stage:
        query = query.where(Nomination.status.in_(STAGE_FILTERS[stage]))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    placed = ranks(campaign.id)
    offset = (page - 1) * per_page
    # Photos come with their rows (one query for the page), not one query per card.
    with_photos = so.selectinload(Nomination.files)
    if sort == "likes":
        # Counts live in Redis; the filtered ids are few (hundreds), so rank them here.
        ids = list(db.session.scalars(query.with_only_columns(Nomination.id)))
        counts = like_counts.like_counts(campaign.id, ids)
        ranked = sorted(ids, key=lambda i: (-counts[i], i))[offset:offset + per_page]
        by_id = {n.id: n for n in db.session.scalars(
            sa.select(Nomination).where(Nomination.id.in_(ranked)).options(with_photos))}
        return [public_card(by_id[i], counts[i], placed.get(i)) for i in ranked], total
    rows = list(db.session.scalars(query.order_by(Nomination.submitted_at.desc(), Nomination.id.desc())
                                   .offset(offset).limit(per_page).options(with_photos)))
    counts = like_counts.like_counts(campaign.id, [n.id for n in rows])
    return [public_card(n, counts[n.id], placed.get(n.id)) for n in rows], total


def get(nomination_id: int) -> dict:
    """A public nominee's page; 404 for anything not public."""
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or not is_public(nomination):
        raise not_found("被推荐人")
    likes = like_counts.like_counts(nomination.campaign_id, [nomination.id])[nomination.id]
    likeable = LikeableNow(nomination.campaign)
    return public_profile(nomination, likes, likeable(nomination), rank_of(nomination), likeable.is_held(nomination))


def rank_of(nomination: Nomination) -> int | None:
    """The nominee's place by likes (ties share it), None for one not in the likes (not a finalist)."""
    if nomination.status not in like_state.PUBLIC_STATUSES:
        return None
    return ranks(nomination.campaign_id).get(nomination.id)


def publish_story(organizer: User, nomination_id: int, published: bool = True) -> Nomination:
    """An organizer publishes (or withdraws) a nominee's story on the public profile; audited."""
    if "organizer" not in (organizer.roles or []):
        raise forbidden("只有市总工会工作人员可以发布事迹")
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None:
        raise not_found("被推荐人")
    if published and not is_public(nomination):
        raise DomainError("not_public", "该推荐尚未公开，不能发布事迹", 409)
    mark_story_published(nomination, published)
    audit.record("nomination.publish_story" if published else "nomination.unpublish_story", "nomination",
                 nomination.id, actor=organizer)
    db.session.commit()
    return nomination


def mark_story_published(nomination: Nomination, published: bool = True) -> bool:
    """Show (or hide) the story on the public profile, in the caller's transaction; True when that changed it.

    A story is shown only on a public profile (content-checked, past submission): one that is not stays hidden.
    The caller audits and commits (publish_story one at a time; the shortlist's confirmation for all finalists).
    """
    if published and (not is_public(nomination) or nomination.story_published_at is not None):
        return False
    if not published and nomination.story_published_at is None:
        return False
    nomination.story_published_at = utcnow() if published else None
    return True
