"""The matrix's campaign, built once per module (the matrix's module replaces the per-test cleanup of
tests/conftest.py with this fixture's, at the end of the module)."""
from __future__ import annotations

import pytest


def _clean(app) -> None:
    from app.extensions import db
    from app.redis_store import get_redis

    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        get_redis().flushdb()
        app.extensions.pop("wechat", None)
        app.extensions.pop("likes_campaign", None)


@pytest.fixture(scope="module")
def world(app):
    from app.extensions import db
    from tests.security.world import build

    try:
        with app.app_context():
            built = build(app)
            db.session.remove()
        yield built
    finally:  # a build that failed half-way leaves nothing behind either
        _clean(app)
