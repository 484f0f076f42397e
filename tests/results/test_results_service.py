"""Confirming results, the notice window in working days, objections, answers and 递补."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Notification, ObjectionFile, ResultEntry
from app.services.errors import DomainError
from app.services.results import confirmation, handling, notice, objections, vacancies, workdays
from tests.factories.likes import make_user
from tests.factories.nominations import jpeg_bytes, set_stage
from tests.factories.results import close_window, confirmed, make_finalists_campaign, record_panel_ranking
from tests.factories.shortlist import make_organizer, statuses

OBJECTION = {"real_name": "李明", "mobile": "13912345678", "relation": "colleague",
             "content": "该同志申报的技术比武名次与实际不符，有比赛成绩册可以核对。"}


def events(event: str) -> list[int]:
    return sorted(n.user_id for n in db.session.scalars(sa.select(Notification).where(Notification.event == event)))


def actions() -> list[str]:
    return [a.action for a in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]


def test_working_days_skip_weekends():
    assert workdays.window_end(date(2026, 12, 7), 5) == date(2026, 12, 11)  # Mon → Fri
    assert workdays.window_end(date(2026, 12, 10), 5) == date(2026, 12, 16)  # Thu → next Wed
    assert workdays.first_working_day(date(2026, 12, 5)) == date(2026, 12, 7)  # Sat → Mon


def test_confirm_names_groups_by_rank_and_tells_everyone(likes_app):
    campaign, finalists = make_finalists_campaign(6, 2, 2)
    organizer = make_organizer()
    order = [f.id for f in reversed(finalists)]
    record_panel_ranking(campaign, order, organizer)
    confirmation.confirm_results(organizer, campaign, order)
    got = statuses(order)
    assert [got[i] for i in order] == ["top_winner", "top_winner", "winner", "winner", "not_selected", "not_selected"]
    assert [e.rank for e in confirmation.entries(campaign)] == [1, 2, 3, 4, 5, 6]
    by_rank = [next(f for f in finalists if f.id == i) for i in order]
    assert events("result_top") == sorted(u for f in by_rank[:2] for u in confirmation.recipients(f))
    assert events("result_not_selected") == sorted(u for f in by_rank[4:] for u in confirmation.recipients(f))
    assert events("result_top") + events("result_not_selected")  # someone among them has an account to tell
    assert "results.confirm" in actions()
    with pytest.raises(DomainError) as again:
        confirmation.confirm_results(organizer, campaign, order)
    assert again.value.status == 409


def test_confirm_follows_the_panels_confirmed_ranking_only(likes_app):
    campaign, finalists = make_finalists_campaign(4, 1, 1)
    order = [f.id for f in finalists]
    with pytest.raises(DomainError) as unranked:
        confirmation.confirm_results(make_organizer(), campaign, order)
    assert unranked.value.code == "ranking_not_confirmed" and "评议组尚未确认排名" in unranked.value.message
    record_panel_ranking(campaign, order)
    record_panel_ranking(campaign, list(reversed(order)))  # the panel confirmed again: the page is stale
    assert confirmation.proposed_order(campaign) == list(reversed(order))
    with pytest.raises(DomainError) as stale:
        confirmation.confirm_results(make_organizer(), campaign, order)
    assert stale.value.code == "ranking_changed"
    assert set(statuses(order).values()) == {"finalist"}


def test_confirm_refuses_an_order_that_is_not_the_finalists(likes_app):
    campaign, finalists = make_finalists_campaign(4, 1, 1)
    record_panel_ranking(campaign, [f.id for f in finalists[:3]])  # e.g. confirmed before a fourth was added
    with pytest.raises(DomainError) as wrong:
        confirmation.confirm_results(make_organizer(), campaign, [f.id for f in finalists[:3]])
    assert wrong.value.status == 409 and "排名与入围名单不一致" in wrong.value.message
    assert set(statuses([f.id for f in finalists]).values()) == {"finalist"}


def test_confirm_only_in_the_evaluation_stage(likes_app):
    campaign, finalists = make_finalists_campaign(4, 1, 1)
    record_panel_ranking(campaign, [f.id for f in finalists])
    set_stage("promotion")
    with pytest.raises(DomainError) as closed:
        confirmation.confirm_results(make_organizer(), campaign, [f.id for f in finalists])
    assert closed.value.code == "stage_closed"


def test_publish_opens_a_window_of_working_days(likes_app):
    campaign, finalists = make_finalists_campaign(4, 1, 1)
    organizer = make_organizer()
    record_panel_ranking(campaign, [f.id for f in finalists], organizer)
    confirmation.confirm_results(organizer, campaign, [f.id for f in finalists])
    finalists[0].nominee_user_id = make_user("nominee0").id  # a nominee with an account of their own
    db.session.commit()
    monday = datetime(2026, 12, 7, 2, tzinfo=timezone.utc)
    row = notice.publish(organizer, campaign, now=monday)
    assert (row.starts_on, row.ends_on) == (date(2026, 12, 7), date(2026, 12, 11))
    assert notice.window(campaign, now=monday).state == "open"
    assert notice.window(campaign, now=datetime(2026, 12, 12, 2, tzinfo=timezone.utc)).state == "closed"
    # Everyone on the notice is told it opened, and until when (selected or not).
    told = db.session.scalars(sa.select(Notification).where(Notification.event == "public_notice_opened")).all()
    assert sorted(n.user_id for n in told) == sorted({uid for f in finalists for uid in confirmation.recipients(f)})
    assert told and told[0].body == "“港城工匠”评选结果公示已开始，公示期至2026年12月11日。"


def test_objection_flow_upheld_disqualifies_and_the_next_moves_up(likes_app):
    setup = confirmed(6, 2, 2)
    campaign, finalists, organizer = setup["campaign"], setup["finalists"], setup["organizer"]
    objector = make_user("objector")
    target = finalists[3]  # rank 4: a 港城工匠
    objection = objections.create(objector, {**OBJECTION, "nomination_id": target.id})
    objections.attach_evidence(objector, objection.id, "成绩册.jpg", jpeg_bytes())
    assert events("objection_received") == [objector.id]
    handling.add_note(organizer, objection.id, "已向比赛主办方核实成绩册。", [("核实函.jpg", jpeg_bytes())])
    assert objection.status == "investigating"
    assert {f.role for f in db.session.scalars(sa.select(ObjectionFile))} == {"evidence", "finding"}
    handling.answer(organizer, objection.id, "upheld", "经核实，比赛名次与申报不符。")
    assert statuses([target.id])[target.id] == "disqualified"
    assert events("objection_answered") == [objector.id]
    assert set(events("objection_outcome")) == confirmation.recipients(target)

    open_places = vacancies.vacancies(campaign)
    assert [v.nomination_id for v in open_places] == [target.id]
    moved = vacancies.promote(organizer, campaign, open_places[0].id, "评议组决定按排名递补。")
    assert [m.nomination_id for m in moved] == [finalists[4].id]
    assert statuses([finalists[4].id])[finalists[4].id] == "winner"
    public = notice.public_results(campaign)
    names = [w["name"] for w in public["winners"]]
    assert target.name not in names and finalists[4].name in names
    assert "递补" in public["changes"][0]["note"]
    assert vacancies.vacancies(campaign) == []
    assert {"objection.create", "objection.evidence_added", "objection.note_added", "objection.answer",
            "results.promote"} <= set(actions())


def test_a_top_winner_vacancy_moves_the_best_winner_up_and_the_first_not_selected_in(likes_app):
    setup = confirmed(6, 2, 2)
    campaign, finalists, organizer = setup["campaign"], setup["finalists"], setup["organizer"]
    objection = objections.create(make_user(), {**OBJECTION, "nomination_id": finalists[0].id})
    handling.answer(organizer, objection.id, "upheld", "经核实，存在弄虚作假。")
    vacancy = vacancies.vacancies(campaign)[0]
    vacancies.promote(organizer, campaign, vacancy.id, "按排名递补")
    got = statuses([f.id for f in finalists])
    assert got[finalists[2].id] == "top_winner" and got[finalists[4].id] == "winner"
    assert got[finalists[0].id] == "disqualified"
    entry = db.session.scalars(sa.select(ResultEntry).where(ResultEntry.nomination_id == finalists[0].id)).one()
    assert entry.confirmed_group == "top_winner" and entry.rank == 1  # recorded, not deleted


def test_not_upheld_changes_no_result_and_an_answer_is_final(likes_app):
    setup = confirmed(4, 1, 1)
    target = setup["finalists"][0]
    objection = objections.create(make_user(), {**OBJECTION, "nomination_id": target.id})
    handling.answer(setup["organizer"], objection.id, "not_upheld", "经核实，申报情况属实。")
    assert statuses([target.id])[target.id] == "top_winner"
    with pytest.raises(DomainError) as again:
        handling.answer(setup["organizer"], objection.id, "upheld", "改判")
    assert again.value.code == "objection_answered"


def test_objection_refused_after_the_window_and_before_publishing(likes_app):
    setup = confirmed(4, 1, 1, publish=False)
    with pytest.raises(DomainError) as early:
        objections.create(make_user(), {**OBJECTION, "nomination_id": setup["finalists"][0].id})
    assert early.value.status == 409 and "尚未公示" in early.value.message
    notice.publish(setup["organizer"], setup["campaign"])
    close_window(setup["campaign"])
    with pytest.raises(DomainError) as late:
        objections.create(make_user(), {**OBJECTION, "nomination_id": setup["finalists"][0].id})
    assert late.value.status == 409 and late.value.code == "notice_closed" and "公示期" in late.value.message


def test_objection_validation_and_target(likes_app):
    setup = confirmed(4, 1, 1)
    with pytest.raises(DomainError) as bad:
        objections.create(make_user(), {"real_name": "", "mobile": "123", "relation": "x", "content": "短",
                                        "nomination_id": setup["finalists"][3].id})  # not selected: not on the notice
    assert bad.value.status == 400
    assert set(bad.value.details["fields"]) == {"real_name", "mobile", "relation", "content", "nomination_id"}


def test_a_notice_published_on_a_saturday_is_open_at_once_and_counts_its_days_from_monday(likes_app):
    campaign, finalists = make_finalists_campaign(4, 1, 1)
    organizer = make_organizer()
    record_panel_ranking(campaign, [f.id for f in finalists], organizer)
    confirmation.confirm_results(organizer, campaign, [f.id for f in finalists])
    saturday = datetime(2026, 12, 5, 2, tzinfo=timezone.utc)
    row = notice.publish(organizer, campaign, now=saturday)
    assert (row.starts_on, row.ends_on) == (date(2026, 12, 5), date(2026, 12, 11))
    assert notice.window(campaign, now=saturday).state == "open"
