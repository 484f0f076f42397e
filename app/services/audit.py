"""Writing the append-only audit log, in the caller's transaction."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Endorsement, ExportFile, Lead, LikeFlag, Nomination, Organization, User


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


# --- what a page of entries points at, for the viewer's sentences ---------------------------------

# kind → (model, the columns a sentence reads); rows come back as named tuples with `id` first.
SUBJECT_COLUMNS = {
    "like_flag": (LikeFlag, ("kind", "nomination_id")),
    "endorsement": (Endorsement, ("nomination_id", "decision")),
    "nomination": (Nomination, ("name",)),
    "organization": (Organization, ("name",)),
    "lead": (Lead, ("name",)),
    "export": (ExportFile, ("kind", "file_name")),
    "user": (User, ("nickname", "username")),
}
MAX_ID = 2**31 - 1


def _id(value) -> int | None:
    text = str(value).strip() if value is not None and not isinstance(value, bool) else ""
    return int(text) if text.isascii() and text.isdigit() and int(text) <= MAX_ID else None


def subjects(refs: dict[str, set]) -> dict[str, dict[int, tuple]]:
    """kind → {id: row} for the ids a page of entries names: one query per kind, however long the page.

    Flags and endorsements come first, so the nominations they are about are named in the same query.
    """
    wanted = {kind: {i for i in map(_id, values) if i is not None} for kind, values in refs.items()}
    found: dict[str, dict[int, tuple]] = {}
    for kind, (model, columns) in SUBJECT_COLUMNS.items():
        ids = wanted.get(kind) or set()
        if kind == "nomination":
            ids |= {row.nomination_id for k in ("like_flag", "endorsement") for row in found[k].values()
                    if row.nomination_id is not None}
        rows = db.session.execute(sa.select(model.id, *(getattr(model, c) for c in columns))
                                  .where(model.id.in_(sorted(ids)))).all() if ids else []
        found[kind] = {row.id: row for row in rows}
    return found
