"""When an article is public: published, or scheduled and its time has come, about a nominee still shown.

The public never waits for the worker: a scheduled article is public from its `publish_at`, and the
worker's due check (publishing.publish_due) only records it as published and tells people.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.models import Article, Nomination
from app.models.base import as_utc, utcnow

# The nominees articles are about: finalists and what finalists become.
NOMINEE_STATUSES = ("finalist", "top_winner", "winner", "not_selected")
LIVE_STATUSES = ("scheduled", "published")


def public_condition(now: datetime | None = None):
    """A WHERE clause for public articles; the query must join Nomination."""
    now = now or utcnow()
    return sa.and_(Article.status.in_(LIVE_STATUSES), Article.publish_at.is_not(None), Article.publish_at <= now,
                   Nomination.status.in_(NOMINEE_STATUSES))


def is_public(article: Article, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (article.status in LIVE_STATUSES and article.publish_at is not None
            and as_utc(article.publish_at) <= now and article.nomination.status in NOMINEE_STATUSES)
