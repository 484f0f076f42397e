"""The append-only audit log: who did what, when and why."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models.base import Timestamp, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    created_at: so.Mapped[datetime] = so.mapped_column(Timestamp, default=utcnow, index=True)
    actor_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("user_account.id"), index=True)
    # Who acted when it was not a logged-in person: "system", "cli", "seed".
    actor_label: so.Mapped[str] = so.mapped_column(sa.String(64), default="system")
    action: so.Mapped[str] = so.mapped_column(sa.String(64), index=True)
    target_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    target_id: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    reason: so.Mapped[str | None] = so.mapped_column(sa.Text)
    data: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@sa.event.listens_for(so.Session, "before_flush")
def _refuse_audit_changes(session, _flush_context, _instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
