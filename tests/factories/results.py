"""Factories for the results tests: a campaign in the evaluation stage with finalists, confirmed and published."""
from __future__ import annotations

from datetime import date, timedelta

from app.extensions import db
from app.models import PanelDecision
from app.services.results import confirmation, notice
from tests.factories.likes import make_campaign
from tests.factories.shortlist import make_organizer, make_qualified


def record_panel_ranking(campaign, order: list[int], decided_by=None) -> PanelDecision:
    """What the panel's confirmation leaves behind (tests/panel drive it from scores): the confirmed order."""
    decision = PanelDecision(campaign_id=campaign.id, kind="confirmed", nomination_ids=list(order),
                             decided_by_id=(decided_by or make_organizer()).id)
    db.session.add(decision)
    db.session.commit()
    return decision


def make_finalists_campaign(count: int = 6, top: int = 2, winners: int = 2):
    campaign = make_campaign("evaluation", finalist_count=count, top_winner_count=top, winner_count=winners)
    finalists = make_qualified(campaign, count)
    for nomination in finalists:
        nomination.status = "finalist"
    db.session.commit()
    return campaign, finalists


def confirmed(count: int = 6, top: int = 2, winners: int = 2, publish: bool = True):
    """Confirmed in id order (rank = position), optionally published from today."""
    campaign, finalists = make_finalists_campaign(count, top, winners)
    organizer = make_organizer()
    record_panel_ranking(campaign, [n.id for n in finalists], organizer)
    confirmation.confirm_results(organizer, campaign, [n.id for n in finalists])
    if publish:
        notice.publish(organizer, campaign)
    return {"campaign": campaign, "finalists": finalists, "organizer": organizer}


def close_window(campaign) -> None:
    """As if the notice had ended yesterday."""
    row = confirmation.current_notice(campaign)
    row.starts_on, row.ends_on = date.today() - timedelta(days=10), date.today() - timedelta(days=2)
    db.session.commit()


def final_results(campaign, ordered: list, top: int, winners: int, organizer=None) -> None:
    """The results of `ordered` (nominations, best first) made final as the services make them: finalists,
    the panel's order, confirmed, published, the notice over; the campaign then in the commendation stage."""
    from app.services.campaigns import stages

    organizer = organizer or make_organizer()
    for nomination in ordered:
        nomination.status = "finalist"  # what the shortlist does
    campaign.top_winner_count, campaign.winner_count = top, winners
    campaign.finalist_count = max(campaign.finalist_count, len(ordered))
    stages.set_override(campaign, "evaluation", actor_label="test")
    db.session.commit()
    ids = [n.id for n in ordered]
    record_panel_ranking(campaign, ids, organizer)
    confirmation.confirm_results(organizer, campaign, ids)
    notice.publish(organizer, campaign)
    close_window(campaign)
    stages.set_override(campaign, "commendation", actor_label="test")
    db.session.commit()
