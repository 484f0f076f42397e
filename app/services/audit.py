"""Writing the append-only audit log, in the caller's transaction."""
from __future__ import annotations

import sqlalchemy as sa

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


# --- reading the log (the console's viewer); the log itself is never changed --------------------

def search(*, action: str | None = None, actor: str | None = None, target_type: str | None = None,
           target_id: str | None = None, since=None, until=None, page: int = 1, per_page: int = 50):
    """Entries matching the filters, newest first, with the total. `since`/`until` are UTC datetimes."""
    conditions = []
    if action:
        conditions.append(AuditEntry.action == action)
    if actor:
        term = actor.strip()
        matching_users = sa.select(User.id).where(sa.or_(User.username == term.lower(), User.nickname == term))
        conditions.append(sa.or_(AuditEntry.actor_label == term, AuditEntry.actor_user_id.in_(matching_users)))
    if target_type:
        conditions.append(AuditEntry.target_type == target_type)
    if target_id:
        conditions.append(AuditEntry.target_id == str(target_id).strip())
    if since is not None:
        conditions.append(AuditEntry.created_at >= since)
    if until is not None:
        conditions.append(AuditEntry.created_at < until)
    total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(*conditions))
    entries = list(db.session.scalars(sa.select(AuditEntry).where(*conditions).order_by(AuditEntry.id.desc())
                                      .offset((max(1, page) - 1) * per_page).limit(per_page)))
    return entries, total


def known_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
