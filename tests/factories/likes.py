"""Factories and helpers for the like tests: a campaign in promotion, people, finalists, tokens."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, LikeRecord, Nomination, NominationChannel, User
from app.services.accounts.auth import issue_token
from app.services.campaigns import stages
from app.services.campaigns.creation import create_campaign
from app.services.likes.stream import drain_all

CST = timezone(timedelta(hours=8))
_serial = itertools.count(1)


def make_campaign(stage: str | None = "promotion", **rules) -> Campaign:
    campaign = create_campaign(2019, "寻找“身边的港城工匠”选树活动")
    db.session.flush()
    for name, value in rules.items():
        setattr(campaign, name, value)
    if stage:
        stages.set_override(campaign, stage, actor_label="test")
    db.session.commit()
    return campaign


def make_user(name: str | None = None, created_at: datetime | None = None) -> User:
    user = User(openid=f"dev-{name or 'fan' + str(next(_serial))}", nickname=name, roles=[])
    if created_at:
        user.created_at = created_at
    db.session.add(user)
    db.session.commit()
    return user


def make_users(count: int, prefix: str = "fan") -> list[User]:
    users = [User(openid=f"dev-{prefix}{next(_serial)}", roles=[]) for _ in range(count)]
    db.session.add_all(users)
    db.session.commit()
    return users


def make_nominee(campaign: Campaign, name: str = "王建军", status: str = "finalist", **fields) -> Nomination:
    filer = make_user()
    # Each nominee is a different person: one active nomination per person (name, birth month, employer or mobile).
    mobile = fields.pop("mobile", f"139{next(_serial):08d}")
    nomination = Nomination(campaign_id=campaign.id, channel=NominationChannel.union, status=status,
                            submitted_by_id=filer.id, name=name,
                            employer_name=fields.pop("employer_name", "连云港云台港口机械有限公司"),
                            trade=fields.pop("trade", "港口机械维修"), skill_level=fields.pop("skill_level", "高级技师"),
                            mobile=mobile, **fields)
    db.session.add(nomination)
    db.session.commit()
    return nomination


def auth(user: User) -> dict:
    return {"Authorization": f"Bearer {issue_token(user)}"}


def drain() -> int:
    """What the worker does: every entry of the stream into the ledger (dead consumers' entries too)."""
    return drain_all(claim_idle_ms=0)


def ledger_rows(**where) -> list[LikeRecord]:
    return list(db.session.scalars(sa.select(LikeRecord).filter_by(**where).order_by(LikeRecord.id)))


@pytest.fixture
def likes_app(ctx):
    """The app in context, with the like campaign cache emptied (ids repeat between tests)."""
    ctx.extensions.pop("likes_campaign", None)
    yield ctx
    ctx.extensions.pop("likes_campaign", None)


@pytest.fixture
def campaign(likes_app):
    return make_campaign()
