"""The notices everyone may read in the mini-program: broadcasts marked public that have gone out.

Only public fields leave here (title, body, the linked page, when it went out); never the audience,
the channels, the counts or who wrote it.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Broadcast
from app.models.base import as_utc
from app.services.errors import not_found

VISIBLE_STATES = ("sending", "sent")


def _visible():
    return sa.and_(Broadcast.public.is_(True), Broadcast.state.in_(VISIBLE_STATES), Broadcast.started_at.is_not(None))


def _card(broadcast: Broadcast) -> dict:
    body = broadcast.body
    return {"id": broadcast.id, "title": broadcast.title, "summary": body[:60] + ("…" if len(body) > 60 else ""),
            "published_at": as_utc(broadcast.started_at), "page": broadcast.page}


def search(page: int = 1, per_page: int = 20) -> tuple[list[dict], int]:
    """Public notices, newest first, with the total."""
    total = db.session.scalar(sa.select(sa.func.count(Broadcast.id)).where(_visible()))
    rows = db.session.scalars(sa.select(Broadcast).where(_visible())
                              .order_by(Broadcast.started_at.desc(), Broadcast.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return [_card(b) for b in rows], total


def get(broadcast_id: int) -> dict:
    broadcast = db.session.scalar(sa.select(Broadcast).where(Broadcast.id == broadcast_id, _visible()))
    if broadcast is None:
        raise not_found("通知")
    return {**_card(broadcast), "body": broadcast.body}
