"""Fixtures for the broadcast tests: a campaign, an organizer, users seeded in bulk with SQL."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Notification, User
from app.models.base import utcnow
from tests.factories.likes import make_campaign


@pytest.fixture
def campaign(ctx):
    return make_campaign("promotion")


@pytest.fixture
def organizer(campaign):
    user = User(openid="dev-organizer-broadcasts", nickname="周主任", username="zhou", roles=["organizer"])
    db.session.add(user)
    db.session.commit()
    return user


def seed_users(count: int, prefix: str = "bulk") -> list[int]:
    """`count` mini-program users in one INSERT per 5,000 (the ORM would take a minute for 10,000)."""
    now = utcnow()
    rows = [{"openid": f"dev-{prefix}{i}", "roles": [], "created_at": now, "session_epoch": 0,
             "must_change_password": False} for i in range(count)]
    for start in range(0, count, 5000):
        db.session.execute(sa.insert(User.__table__), rows[start:start + 5000])
    db.session.commit()
    return list(db.session.scalars(sa.select(User.id).where(User.openid.like(f"dev-{prefix}%")).order_by(User.id)))


def rows_of(broadcast_id: int) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification).where(Notification.broadcast_id == broadcast_id)))


def compose(**overrides) -> dict:
    form = {"title": "关于开展“港城工匠”推介活动的通知", "body": "各位职工：技能推介阶段已经开始，欢迎关注入围对象的事迹。",
            "audience": {"kind": "all_users"}, "channels": ["inbox"]}
    form.update(overrides)
    return form
