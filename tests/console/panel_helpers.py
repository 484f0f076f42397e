"""The demo campaign brought to the panel: six finalists in the evaluation stage, two experts on the panel."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination, User
from app.services.accounts.console_auth import create_account
from app.services.campaigns import stages
from app.services.panel import formation, rounds, scoring
from tests.console.conftest import EXPERT
from tests.factories.nominations import set_stage

SECOND_EXPERT = {"username": "qian", "password": "pingyi-2019!", "name": "钱高工"}


def user(username: str) -> User:
    return db.session.scalars(sa.select(User).where(User.username == username)).one()


def finalists_demo(count: int = 6) -> list[Nomination]:
    """The evaluation stage (scoring open), `count` demo nominations as finalists, 2 + 2 to be named."""
    set_stage("evaluation")
    rows = list(db.session.scalars(sa.select(Nomination).where(Nomination.status.in_(
        ("submitted", "endorsed", "under_review", "qualified"))).order_by(Nomination.id).limit(count)))
    for row in rows:
        row.status = "finalist"
    campaign = stages.current_campaign()
    campaign.top_winner_count, campaign.winner_count = 2, 2
    db.session.commit()
    return rows


def panel_of_two() -> dict:
    """孙教授 (the chair) and 钱高工 on the panel, every finalist assigned to both."""
    finalists = finalists_demo()
    create_account(SECOND_EXPERT["username"], SECOND_EXPERT["password"], "expert", SECOND_EXPERT["name"],
                   actor_label="test")
    db.session.commit()
    campaign, organizer = stages.current_campaign(), user("zhou")
    formation.add_member(organizer, campaign, user(EXPERT["username"]).id, unit="连云港港口集团", kind="leader",
                         is_chair=True)
    formation.add_member(organizer, campaign, user("qian").id, unit="江苏海洋大学", kind="expert")
    return {"campaign": campaign, "finalists": finalists, "organizer": organizer}


def same(value: int) -> dict:
    return {k: value for k in ("skill", "mastery", "leadership", "contribution")}


def scored_with_a_tie(p: dict, *, opened: bool = False) -> None:
    """Both experts score; the 2nd and 3rd are level across the boundary after the 2nd place."""
    if not opened:
        rounds.open_main(p["organizer"], p["campaign"])
    values = (92, 85, 85, 70, 66, 50)
    for username in (EXPERT["username"], "qian"):
        for nomination, value in zip(p["finalists"], values):
            scoring.save(user(username), p["campaign"], nomination.id, scores=same(value), comment="技艺精湛",
                         submit=True)
    rounds.close(p["organizer"], p["campaign"])
