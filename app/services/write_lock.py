"""Start a write transaction that cannot deadlock with another writer on SQLite.

SQLite answers "database is locked" at once (without waiting) when a transaction that has read tries
to write while another holds the write lock. Workers that claim rows (notifications, stage openings)
therefore begin with BEGIN IMMEDIATE there; PostgreSQL needs nothing (row locks and unique indexes
make the second writer wait).
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db


def begin_write() -> None:
    """Commit what the session holds, then (SQLite) take the database write lock for the next transaction."""
    db.session.commit()
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(sa.text("BEGIN IMMEDIATE"))
