"""The campaign in three numbers: public nominees, likes, and the people who took part.

- nominees: those the public sees (nominations/access.is_public: past submission, content-checked);
- likes: the likes of the ranked nominees, from Redis, as the leaderboard shows them (likes/ranking.py);
- participants: distinct people who liked (the ledger, voided likes left out, so at most a drain behind),
  nominated (a submitted nomination, self or by a union) or recommended a craftsman (a lead).
Counts only: nothing about anyone.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, Lead, LikeRecord, Nomination
from app.services.likes import ranking
from app.services.nominations.access import PUBLIC_STATUSES


def totals(campaign: Campaign) -> dict:
    nominees = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.campaign_id == campaign.id, Nomination.status.in_(PUBLIC_STATUSES),
        Nomination.content_checked_at.is_not(None)))
    people = sa.union(
        sa.select(LikeRecord.user_id.label("user_id")).where(
            LikeRecord.campaign_id == campaign.id, LikeRecord.void_id.is_(None)),
        sa.select(Nomination.submitted_by_id).where(
            Nomination.campaign_id == campaign.id, Nomination.submitted_at.is_not(None)),
        sa.select(Lead.recommender_id).where(Lead.campaign_id == campaign.id),
    ).subquery()
    participants = db.session.scalar(sa.select(sa.func.count()).select_from(people))
    likes = sum(row["likes"] for row in ranking.ranked(campaign.id))
    return {"nominees": nominees or 0, "likes": likes, "participants": participants or 0}
