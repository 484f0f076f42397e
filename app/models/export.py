"""A file an organizer asked the worker to build (e.g. all nominations as .xlsx), kept for download."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow

EXPORT_KINDS = {"all_nominations": "全部推荐对象（Excel）"}
EXPORT_STATUSES = {"queued": "排队中", "running": "生成中", "done": "已完成", "failed": "失败"}


class ExportFile(db.Model):
    __tablename__ = "export_file"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(40))
    campaign_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("campaign.id"), index=True)
    requested_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="queued")
    rq_job_id: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    file_name: so.Mapped[str | None] = so.mapped_column(sa.String(200))
    row_count: so.Mapped[int | None]
    # Kept in the database so that any web process can serve what any worker built.
    content: so.Mapped[bytes | None] = so.mapped_column(sa.LargeBinary, deferred=True)
    error: so.Mapped[str | None] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow)
    finished_at: so.Mapped[datetime | None] = so.mapped_column(Timestamp)

    requested_by: so.Mapped["User"] = so.relationship()  # noqa: F821
