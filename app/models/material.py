"""Materials of a nomination: the ID photo, work photos and certificate scans, stored behind services/storage."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

FILE_KINDS = {
    "id_photo": "彩色证件照",
    "work_photo": "工作照",
    "certificate": "荣誉证书",
}
# The photos a public profile may show; certificate scans never leave the private view.
PUBLIC_FILE_KINDS = ("id_photo", "work_photo")


class NominationFile(db.Model):
    __tablename__ = "nomination_file"
    # Ids appear in links and codes: SQLite must never hand a deleted row's id to a new one (migration 0007).
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    # What we stored (re-encoded images, checked PDFs), never what the client claimed.
    content_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    size: so.Mapped[int]
    width: so.Mapped[int | None]
    height: so.Mapped[int | None]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    storage_key: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    original_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    uploaded_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    nomination: so.Mapped["Nomination"] = so.relationship(back_populates="files")  # noqa: F821
