"""The demo campaign brought to the results: six finalists in the evaluation stage (2 + 2 to be named)."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination
from app.services.campaigns import stages
from tests.factories.nominations import set_stage
from tests.factories.results import record_panel_ranking


def demo_finalists(count: int = 6) -> list[Nomination]:
    rows = list(db.session.scalars(sa.select(Nomination).where(Nomination.name != "").order_by(Nomination.id)))
    chosen = [n for n in rows if n.status not in ("draft", "withdrawn")][:count]
    for nomination in chosen:
        nomination.status = "finalist"
    campaign = stages.current_campaign()
    campaign.finalist_count, campaign.top_winner_count, campaign.winner_count = max(count, 4), 2, 2
    db.session.commit()
    set_stage("evaluation")
    record_panel_ranking(campaign, [n.id for n in chosen])
    return chosen
