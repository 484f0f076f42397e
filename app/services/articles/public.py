"""What the public sees of articles: public ones only, public fields only, newest first."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import OUTLET_LABELS, Article, Nomination
from app.models.base import as_utc
from app.services.articles import images, sanitize
from app.services.articles.visibility import public_condition
from app.services.campaigns import stages
from app.services.errors import not_found

SUMMARY_CHARS = 80


def summary_of(article: Article) -> str:
    if article.summary:
        return article.summary
    text = sanitize.text_of(article.body or "")
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rstrip() + "…"


def card(article: Article) -> dict:
    return {
        "id": article.id, "title": article.title, "outlet": article.outlet,
        "outlet_label": OUTLET_LABELS.get(article.outlet, "其他"),
        "cover_thumbnail_url": images.url(article.cover_image_id, thumbnail=True),
        "published_at": as_utc(article.publish_at),
        "nominee_id": article.nomination_id, "nominee_name": article.nomination.name,
        "summary": summary_of(article),
    }


def full(article: Article) -> dict:
    return {**card(article), "cover_url": images.url(article.cover_image_id), "source_url": article.source_url,
            "body": sanitize.for_public(article.body or "")}


def search(*, nominee_id: int | None = None, outlet: str | None = None, page: int = 1, per_page: int = 20,
           now: datetime | None = None) -> tuple[list[dict], int]:
    campaign = stages.current_campaign()
    query = (sa.select(Article).join(Nomination, Nomination.id == Article.nomination_id)
             .where(Article.campaign_id == campaign.id, public_condition(now)))
    if nominee_id:
        query = query.where(Article.nomination_id == nominee_id)
    if outlet:
        query = query.where(Article.outlet == outlet)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Article.publish_at.desc(), Article.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return [card(a) for a in rows], total


def get(article_id: int, now: datetime | None = None) -> dict:
    article = db.session.scalar(sa.select(Article).join(Nomination, Nomination.id == Article.nomination_id)
                                .where(Article.id == article_id, public_condition(now)))
    if article is None:
        raise not_found("文章")
    return full(article)
