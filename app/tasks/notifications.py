"""The job that drains the notification outbox."""
from __future__ import annotations

from app.extensions import db
from app.models.base import utcnow
from app.services.notifications import outbox as notifications


def deliver_notifications_job() -> dict[str, int]:
    try:
        counts = notifications.deliver_due()
        if counts["retry"]:
            due = notifications.next_due_at()
            if due is not None:
                notifications.wake_worker(max(1.0, (due - utcnow()).total_seconds()))
        return counts
    finally:
        db.session.remove()
