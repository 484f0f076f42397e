"""The job that publishes scheduled articles whose time has come (and tells their nominees)."""
from __future__ import annotations

from app.extensions import db
from app.services.articles import publishing


def publish_due_job() -> int:
    try:
        return publishing.publish_due()
    finally:
        db.session.remove()
