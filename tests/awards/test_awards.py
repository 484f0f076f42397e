"""Recording awards: titles, prizes, the medal check, item states, the honour roll, the finance workbook."""
from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.models import AuditEntry, HonourRollEntry, Notification
from app.services.awards import finance, records
from app.services.errors import DomainError


def test_recording_gives_each_winner_title_prize_and_items_and_puts_them_on_the_roll(commendation):
    made = records.record_awards(commendation["campaign"], actor=commendation["organizer"])
    db.session.commit()
    assert len(made) == 5
    by_name = {a.nomination.name: a for a in made}
    top, winner = by_name["十大0"], by_name["工匠0"]
    assert (top.title, top.prize_yuan, top.medal_check) == ("港城十大工匠", 10000, "pending")
    assert (winner.title, winner.prize_yuan, winner.medal_check) == ("港城工匠", 4000, None)
    assert set(top.items) == {"medal", "certificate", "plaque", "prize"}
    assert "medal" not in winner.items
    roll = db.session.scalars(sa.select(HonourRollEntry).order_by(HonourRollEntry.id)).all()
    assert sorted(e.name for e in roll) == sorted(by_name)
    assert {e.year for e in roll} == {2019}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "award.recorded")) == 1
    told = db.session.scalars(sa.select(Notification).where(Notification.event == "award_details")).all()
    assert len(told) == 5 and "10000元" in next(n.body for n in told if "十大0" in n.body)
    with pytest.raises(DomainError) as again:
        records.record_awards(commendation["campaign"], actor=commendation["organizer"])
    assert again.value.code == "no_new_winners"


def test_prizes_follow_the_campaign_settings(commendation):
    commendation["campaign"].prize_top_yuan, commendation["campaign"].prize_winner_yuan = 12000, 5000
    made = records.record_awards(commendation["campaign"], actor=commendation["organizer"])
    assert sorted({a.prize_yuan for a in made}) == [5000, 12000]


def test_the_medal_waits_for_the_city_unions_check(commendation):
    organizer = commendation["organizer"]
    top = next(a for a in records.record_awards(commendation["campaign"], actor=organizer) if a.medal_check)
    with pytest.raises(DomainError) as early:
        records.set_item_state(top, "medal", "prepared", date(2019, 11, 5), actor=organizer)
    assert early.value.code == "medal_not_checked"
    with pytest.raises(DomainError):
        records.set_medal_check(top, "passed", None, "", actor=organizer)
    records.set_medal_check(top, "passed", date(2019, 11, 3), "市总工会审核通过", actor=organizer)
    records.set_item_state(top, "medal", "handed_over", date(2019, 11, 20), actor=organizer)
    records.set_item_state(top, "prize", "paid", date(2019, 11, 25), actor=organizer)
    db.session.commit()
    assert top.items["medal"] == {"state": "handed_over", "on": "2019-11-20"}
    assert (top.medal_check, top.medal_checked_on) == ("passed", date(2019, 11, 3))
    with pytest.raises(DomainError):  # things are handed over, money is paid
        records.set_item_state(top, "plaque", "paid", date(2019, 11, 25), actor=organizer)
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("award.item_changed") == 2 and "award.medal_checked" in actions


def test_a_winner_gets_no_medal_check(commendation):
    winner = next(a for a in records.record_awards(commendation["campaign"], actor=commendation["organizer"])
                  if not a.medal_check)
    with pytest.raises(DomainError) as refused:
        records.set_medal_check(winner, "passed", date(2019, 11, 3), "", actor=commendation["organizer"])
    assert refused.value.code == "no_medal"


def test_the_finance_workbook_lists_every_award_and_the_total(commendation):
    records.record_awards(commendation["campaign"], actor=commendation["organizer"])
    db.session.commit()
    sheet = load_workbook(io.BytesIO(finance.workbook(commendation["campaign"]))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:6] == ("序号", "姓名", "工作单位", "工种", "称号", "奖金（元）")
    assert [r[4] for r in rows[2:7]] == ["港城十大工匠"] * 2 + ["港城工匠"] * 3
    assert rows[-1][0] == "合计" and rows[-1][5] == 2 * 10000 + 3 * 4000


def test_awards_wait_until_the_results_are_final(commendation):
    """While the notice runs or an objection is unanswered, no award is recorded: an objection could still
    take the title away."""
    from datetime import timedelta

    from app.models import Objection, ResultNotice
    from app.services.results import confirmation

    campaign, organizer = commendation["campaign"], commendation["organizer"]
    row: ResultNotice = confirmation.current_notice(campaign)
    ended = row.ends_on
    row.ends_on = date.today() + timedelta(days=3)
    db.session.commit()
    with pytest.raises(DomainError) as running:
        records.record_awards(campaign, actor=organizer)
    assert running.value.code == "results_not_final" and "期满后才能命名表彰" in running.value.message
    row.ends_on = ended
    objector = commendation["other"].submitted_by_id
    db.session.add(Objection(campaign_id=campaign.id, nomination_id=commendation["winners"][0].id, user_id=objector,
                             real_name="张三", mobile="13900000000", relation="同事", content="获奖情况与事实不符"))
    db.session.commit()
    with pytest.raises(DomainError) as pending:
        records.record_awards(campaign, actor=organizer)
    assert "尚有 1 件公示异议未答复" in pending.value.message
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HonourRollEntry)) == 0
