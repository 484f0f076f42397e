"""The in-app inbox: the user's delivered notifications, the unread count, marking read."""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from app.extensions import db
from app.models import Notification, User
from app.models.base import utcnow


def _visible(user: User):
    return sa.and_(Notification.user_id == user.id, Notification.channel == "inbox",
                   Notification.status == "delivered")


def unread_count(user: User) -> int:
    return db.session.scalar(sa.select(sa.func.count(Notification.id))
                             .where(_visible(user), Notification.read_at.is_(None)))


def inbox(user: User, *, page: int = 1, per_page: int = 20, unread_only: bool = False
          ) -> tuple[list[Notification], int, int]:
    """The user's delivered in-app notifications, newest first, with the total and the unread count."""
    visible = _visible(user)
    if unread_only:
        visible = sa.and_(visible, Notification.read_at.is_(None))
    items = list(db.session.scalars(sa.select(Notification).where(visible)
                                    .order_by(Notification.id.desc())
                                    .offset((page - 1) * per_page).limit(per_page)))
    total = db.session.scalar(sa.select(sa.func.count(Notification.id)).where(visible))
    return items, total, unread_count(user)


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the given notifications (or all) of this user read; returns how many changed."""
    stmt = sa.update(Notification).where(_visible(user), Notification.read_at.is_(None))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(list(ids)))
    changed = db.session.execute(stmt.values(read_at=utcnow())).rowcount
    db.session.commit()
    return changed
