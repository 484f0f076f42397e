"""The matrix's campaign, built once per module (the matrix's module replaces the per-test cleanup of
tests/conftest.py with this fixture's, at the end of the module)."""
from __future__ import annotations

import pytest

from tests.conftest import empty_everything


def _clean(app) -> None:
    empty_everything(app)
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
