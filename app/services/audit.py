"""Writing the append-only audit log, in the caller's transaction."""
from __future__ import annotations

from app.extensions import db
from app.models import AuditEntry, User


def record(action: str, target_type: str, target_id, *, actor: User | None = None, actor_label: str | None = None,
           reason: str | None = None, data: dict | None = None) -> AuditEntry:
    entry = AuditEntry(
        actor_user_id=actor.id if actor else None,
        actor_label=actor_label or (f"user:{actor.id}" if actor else "system"),
        action=action,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        reason=reason,
        data=data or {},
    )
    db.session.add(entry)
    return entry
