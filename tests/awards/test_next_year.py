"""Next year's campaign: made from the last, current once its first stage opens; title holders refused."""
from __future__ import annotations

from datetime import date, datetime, timezone

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Campaign, Nomination
from app.services.awards import records
from app.services.campaigns import next_year, stages
from app.services.campaigns.creation import create_campaign
from tests.factories.nominations import campaign, complete_self_draft  # noqa: F401 - a fixture
from tests.factories.results import final_results
from tests.factories.shortlist import make_organizer


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 4, tzinfo=timezone.utc)  # noon in Shanghai


def test_next_campaign_copies_every_setting_and_shifts_the_stages(ctx):
    last = create_campaign(2025, "2025年寻找“身边的港城工匠”选树活动")
    last.prize_top_yuan, last.likes_weight_percent, last.quota_unit_union = 12000, 20, 6
    db.session.commit()
    organizer = make_organizer()
    made = next_year.create_next(actor=organizer)
    db.session.commit()
    assert (made.year, made.title) == (2026, "2026年寻找“身边的港城工匠”选树活动")
    assert (made.prize_top_yuan, made.likes_weight_percent, made.quota_unit_union) == (12000, 20, 6)
    assert [(s.key, s.starts_on, s.ends_on) for s in made.stages] == [
        (s.key, s.starts_on.replace(year=2026), s.ends_on.replace(year=2026)) for s in last.stages]
    assert [s.likes_open for s in made.stages] == [s.likes_open for s in last.stages]
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "campaign.created_next")).one()
    assert entry.data["from_year"] == 2025 and entry.actor_user_id == organizer.id


def test_the_new_campaign_becomes_current_when_its_first_stage_opens(ctx):
    create_campaign(2025, "2025年选树活动")
    db.session.commit()
    made = next_year.create_next(actor=make_organizer())
    db.session.commit()
    first = made.stages[0].starts_on
    assert stages.current_campaign(_at(date(first.year, 3, 1))).year == 2025  # the old one stays current
    assert stages.current_campaign(_at(first)).year == 2026
    assert db.session.get(Campaign, made.id - 1) is not None  # the old one stays readable


def test_a_winner_on_the_honour_roll_is_refused_in_the_next_campaign(client, login, campaign):
    alice = login("alice")
    won = complete_self_draft(client, alice)
    assert client.post(f"/api/v1/nominations/{won}/submit", headers=alice).status_code == 200
    organizer = make_organizer()
    final_results(campaign, [db.session.get(Nomination, won)], 1, 0, organizer)
    records.record_awards(campaign, actor=organizer)
    db.session.commit()

    upcoming = next_year.create_next(actor=organizer)
    db.session.commit()
    stages.set_override(upcoming, "nomination", actor_label="test")
    db.session.commit()
    assert stages.current_campaign().id == upcoming.id

    again = complete_self_draft(client, alice)
    response = client.post(f"/api/v1/nominations/{again}/submit", headers=alice)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "prior_winner"
    assert "2019年“港城十大工匠”" in response.get_json()["error"]["message"]
