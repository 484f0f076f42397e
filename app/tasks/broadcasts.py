"""The jobs that send broadcasts: one broadcast's fan-out, and the scheduled check (also the start-up sweep)."""
from __future__ import annotations

from app.extensions import db
from app.services.broadcasts import fanout


def send_broadcast_job(broadcast_id: int) -> str:
    try:
        return fanout.run(broadcast_id)
    finally:
        db.session.remove()


def send_due_job() -> list[str]:
    try:
        return fanout.send_due()
    finally:
        db.session.remove()
