"""The like ledger in the database: idempotent inserts from the stream, and the counts that count.

Redis counts are a cache of this ledger; repair.py compares them with it and puts them back from it.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import LikeRecord, User
from app.models.base import as_utc, utcnow


def dialect_insert(model):
    """INSERT with ON CONFLICT for the database in use (PostgreSQL in production, SQLite by default)."""
    return (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert(model)


def store_likes(entries: list[tuple[str, dict]]) -> int:
    """Insert like entries of the stream; an entry already in the ledger (a replay) is skipped."""
    if not entries:
        return 0
    user_ids = {int(fields["u"]) for _, fields in entries}
    created = dict(db.session.execute(sa.select(User.id, User.created_at).where(User.id.in_(user_ids))).all())
    rows = []
    for entry_id, fields in entries:
        liked_at = datetime.fromtimestamp(int(fields["at"]) / 1000, timezone.utc)
        account_created = as_utc(created.get(int(fields["u"])))
        rows.append({
            "campaign_id": int(fields["c"]), "nomination_id": int(fields["n"]), "user_id": int(fields["u"]),
            "day": date.fromisoformat(fields["d"]), "seq": int(fields["s"]), "ip": fields["ip"][:45],
            "liked_at": liked_at, "stream_id": entry_id, "recorded_at": utcnow(),
            "account_age_seconds": int((liked_at - account_created).total_seconds()) if account_created else None,
        })
    stmt = dialect_insert(LikeRecord).on_conflict_do_nothing(index_elements=["user_id", "nomination_id", "day", "seq"])
    db.session.execute(stmt, rows)
    return len(rows)


def ledger_counts(campaign_id: int) -> dict[int, int]:
    """Likes per nominee that count: every ledger row not voided."""
    return dict(db.session.execute(
        sa.select(LikeRecord.nomination_id, sa.func.count(LikeRecord.id))
        .where(LikeRecord.campaign_id == campaign_id, LikeRecord.void_id.is_(None))
        .group_by(LikeRecord.nomination_id)).all())
