"""Promotion articles (技能推介) about finalists, and the pictures uploaded for them."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

# Where the article ran: code → how people name the outlet (the notice's media platforms).
OUTLET_LABELS = {
    "tv": "市电视台",
    "daily": "连云港日报",
    "website": "网站",
    "app": "连工惠APP",
    "wechat": "微信",
    "other": "其他",
}
ARTICLE_STATUS_LABELS = {
    "draft": "草稿",
    "scheduled": "定时发布",
    "published": "已发布",
    "unpublished": "已撤下",
}


class Article(db.Model):
    __tablename__ = "article"
    # Ids appear in public links: SQLite must never hand a deleted row's id to a new one.
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(100))
    summary: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    # Sanitized HTML (services/articles/sanitize.py); own pictures as /api/v1/article-images/<id>.
    body: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    outlet: so.Mapped[str] = so.mapped_column(sa.String(20), default="other")
    source_url: so.Mapped[str | None] = so.mapped_column(sa.String(500))  # the original or the video
    # One of its own pictures (ArticleImage.article_id == id); no foreign key, so the two tables do not
    # point at each other (a circle SQLite could not build in one migration).
    cover_image_id: so.Mapped[int | None]
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="draft", index=True)
    # When it is (or becomes) public; the date shown with it.
    publish_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp, index=True)
    # Set once, when the nominee and their organization were told: republishing does not tell them again.
    notified_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow, onupdate=utcnow)

    nomination: so.Mapped["Nomination"] = so.relationship()  # noqa: F821


class ArticleImage(db.Model):
    """A picture uploaded for an article (its cover or one in its body), re-encoded, with a thumbnail."""
    __tablename__ = "article_image"
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    article_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("article.id", ondelete="CASCADE"), index=True)
    content_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    size: so.Mapped[int]
    width: so.Mapped[int | None]
    height: so.Mapped[int | None]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    storage_key: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    thumbnail_key: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
