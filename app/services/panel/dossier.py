"""What an expert reads about an assigned finalist: the profile, materials, review records and articles.
The private fields (mobile, birth month, political status) are never part of it."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import Article, Campaign, Nomination, NominationFile, NominationReview, ReviewCheck, User
from app.services.errors import not_found
from app.services.materials.storage import get_storage
from app.services.panel import scoring


@dataclass
class Dossier:
    nomination: Nomination
    files: list[NominationFile]
    review: NominationReview | None
    checks: list[ReviewCheck]
    articles: list[Article]


def of(user: User, campaign: Campaign, nomination_id: int) -> Dossier:
    _member, nomination = scoring.assigned_nomination(user, campaign, nomination_id)
    files = list(db.session.scalars(sa.select(NominationFile).where(NominationFile.nomination_id == nomination.id)
                                    .order_by(NominationFile.kind, NominationFile.id)))
    review = db.session.scalars(sa.select(NominationReview)
                                .where(NominationReview.nomination_id == nomination.id)).first()
    checks = list(db.session.scalars(sa.select(ReviewCheck).where(ReviewCheck.nomination_id == nomination.id)
                                     .order_by(ReviewCheck.checked_on)))
    articles = list(db.session.scalars(sa.select(Article).where(Article.nomination_id == nomination.id,
                                                                Article.status == "published")
                                       .order_by(Article.publish_at)))
    return Dossier(nomination, files, review, checks, articles)


def open_file(user: User, campaign: Campaign, nomination_id: int, file_id: int) -> tuple[NominationFile, bytes]:
    scoring.assigned_nomination(user, campaign, nomination_id)
    row = db.session.get(NominationFile, file_id)
    if row is None or row.nomination_id != nomination_id:
        raise not_found("文件")
    try:
        return row, get_storage().get(row.storage_key)
    except FileNotFoundError:
        raise not_found("文件") from None
