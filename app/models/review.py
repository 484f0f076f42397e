"""Review (考察审核) of a nomination: the reviewers' checklist and decision, and the checks they made."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

# The three ways the notice names (考察审核: 实地了解、相关部门书面认证、组织技术比武).
CHECK_METHODS = {
    "site_visit": "实地了解",
    "written_confirmation": "相关部门书面认证",
    "skills_contest": "技术比武",
}
REVIEW_DECISIONS = {"qualified": "审核合格", "returned": "退回补充", "rejected": "不予通过"}


class NominationReview(db.Model):
    """One per nomination, created with the first review work on it.

    `version` is the optimistic lock: every change of the review (a checklist confirmation, a check record,
    a decision) raises it, the review page posts back the version it showed, and a decision on an older one
    is refused. SQLAlchemy also writes each UPDATE as `… WHERE version = :seen`, so two sessions that read
    the same version cannot both write.
    """

    __tablename__ = "nomination_review"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), unique=True)
    version: so.Mapped[int] = so.mapped_column(default=1)
    # item key → {"result": "pass"|"fail", "auto": the system's result when confirmed, "note", "by", "by_name", "at"}
    checklist: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    # Who changed the review last, and when: named in the answer to a stale post.
    updated_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    # The latest decision (earlier ones, e.g. a return before a resubmission, are in the audit log).
    decision: so.Mapped[str | None] = so.mapped_column(sa.String(12), index=True)
    decision_note: so.Mapped[str | None] = so.mapped_column(sa.Text)
    decided_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"))
    decided_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    nomination: so.Mapped["Nomination"] = so.relationship()  # noqa: F821
    updated_by: so.Mapped["User | None"] = so.relationship(foreign_keys=[updated_by_id])  # noqa: F821
    decided_by: so.Mapped["User | None"] = so.relationship(foreign_keys=[decided_by_id])  # noqa: F821

    __mapper_args__ = {"version_id_col": version}


class ReviewCheck(db.Model):
    """How a nomination was checked: method, date, who did it, notes, with attached files."""

    __tablename__ = "review_check"
    # Ids appear in links: SQLite must never hand a deleted row's id to a new one (migration 0007).
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    nomination_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("nomination.id"), index=True)
    method: so.Mapped[str] = so.mapped_column(sa.String(24))
    checked_on: so.Mapped[date]
    # The people who made the check (names as written on the record), not necessarily console users.
    checked_by: so.Mapped[str] = so.mapped_column(sa.String(100))
    notes: so.Mapped[str] = so.mapped_column(sa.Text)
    recorded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    recorded_by: so.Mapped["User"] = so.relationship()  # noqa: F821
    files: so.Mapped[list["ReviewCheckFile"]] = so.relationship(
        back_populates="check", order_by="ReviewCheckFile.id", cascade="all, delete-orphan")


class ReviewCheckFile(db.Model):
    """A file attached to a check record (a written confirmation, photos of a visit), behind the materials storage."""

    __tablename__ = "review_check_file"
    __table_args__ = {"sqlite_autoincrement": True}

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    check_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("review_check.id", ondelete="CASCADE"), index=True)
    content_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    size: so.Mapped[int]
    width: so.Mapped[int | None]
    height: so.Mapped[int | None]
    sha256: so.Mapped[str] = so.mapped_column(sa.String(64))
    storage_key: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    original_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    uploaded_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)

    check: so.Mapped[ReviewCheck] = so.relationship(back_populates="files")
