"""A campaign in the evaluation stage (scoring open) with four finalists, an organizer and a panel of three."""
from __future__ import annotations

import itertools

import pytest

from app.extensions import db
from app.models import User
from app.services.panel import formation, rounds, scoring
from tests.factories.likes import likes_app, make_campaign, make_nominee  # noqa: F401 - a fixture
from tests.factories.shortlist import make_organizer

_serial = itertools.count(1)


def make_expert(name: str) -> User:
    user = User(username=f"expert{next(_serial)}", nickname=name, roles=["expert"])
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def panel(likes_app):
    """Top 1 + 2 more named among 4 finalists: boundaries after the 1st and the 3rd place."""
    campaign = make_campaign("evaluation", finalist_count=4, top_winner_count=1, winner_count=2)
    finalists = [make_nominee(campaign, name=f"入围{i}", status="finalist") for i in range(1, 5)]
    organizer = make_organizer()
    experts = [make_expert(n) for n in ("张专家", "李专家", "王专家")]
    members = [formation.add_member(organizer, campaign, u.id, unit="市总工会", kind="expert", is_chair=(i == 0))
               for i, u in enumerate(experts)]
    return {"campaign": campaign, "finalists": finalists, "organizer": organizer, "experts": experts,
            "members": members}


def same(value: int) -> dict:
    """Every criterion the same score: the weighted total is that score (equal weights, 0–100)."""
    return {key: value for key in ("skill", "mastery", "leadership", "contribution")}


def score(p, expert_index: int, finalist_index: int, value: int | None, *, submit: bool = True, conflict=None):
    nomination = p["finalists"][finalist_index]
    if conflict:
        return scoring.save(p["experts"][expert_index], p["campaign"], nomination.id, conflict=conflict,
                            conflict_reason="曾在同一车间共事", submit=submit)
    return scoring.save(p["experts"][expert_index], p["campaign"], nomination.id, scores=same(value), submit=submit)


def open_main(p):
    return rounds.open_main(p["organizer"], p["campaign"])
