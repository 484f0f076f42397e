"""Ties at a boundary block confirmation until a recorded decision; the rules of an expert's sheet."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Notification
from app.services.errors import DomainError
from app.services.panel import decisions, progress, ranking, rounds, scoring
from tests.panel.conftest import open_main, same, score


def tied_at_the_top(p):
    """入围1 and 入围2 level at 80 across the boundary after the 1st place."""
    open_main(p)
    for expert in (0, 1):
        for finalist, value in enumerate((80, 80, 60, 40)):
            score(p, expert, finalist, value)
    score(p, 2, 0, 0, conflict="relative")
    for finalist, value in enumerate((80, 60, 40), start=1):
        score(p, 2, finalist, value)
    # 王专家 abstains on 入围1 and gives 入围2 80: both still 80
    rounds.close(p["organizer"], p["campaign"])


def names(ids, p):
    by_id = {n.id: n.name for n in p["finalists"]}
    return [by_id[i] for i in ids]


def test_a_tie_at_the_boundary_blocks_until_the_chair_decides(panel):
    tied_at_the_top(panel)
    result = ranking.compute(panel["campaign"])
    assert [(t.boundary, t.first, t.last) for t in result.ties] == [(1, 1, 2)]
    with pytest.raises(DomainError) as refused:
        decisions.confirm(panel["organizer"], panel["campaign"])
    assert "第 1–2 名并列" in refused.value.message

    f1, f2 = panel["finalists"][0].id, panel["finalists"][1].id
    with pytest.raises(DomainError):  # no reason: refused, nothing recorded
        decisions.chair_order(panel["organizer"], panel["campaign"], 1, [f2, f1], "")
    decisions.chair_order(panel["organizer"], panel["campaign"], 1, [f2, f1], "入围2 获省级技能大赛一等奖，领军作用更突出")
    assert names(ranking.confirmed_order(panel["campaign"]), panel) == ["入围2", "入围1", "入围3", "入围4"]
    confirmed = decisions.confirm(panel["organizer"], panel["campaign"])
    assert names(confirmed.nomination_ids, panel) == ["入围2", "入围1", "入围3", "入围4"]
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"panel.tie_decided", "panel.ranking_confirmed"} <= actions


def test_a_tie_resolved_by_a_further_round_among_the_tied(panel):
    tied_at_the_top(panel)
    tiebreak = decisions.open_tiebreak(panel["organizer"], panel["campaign"], 1)
    f1, f2 = panel["finalists"][0].id, panel["finalists"][1].id
    assert sorted(tiebreak.nomination_ids) == sorted([f1, f2])
    with pytest.raises(DomainError):  # only the tied are scored in it
        score(panel, 0, 2, 90)
    for expert, (a, b) in enumerate(((85, 80), (90, 82))):
        scoring.save(panel["experts"][expert], panel["campaign"], f1, scores=same(a), submit=True)
        scoring.save(panel["experts"][expert], panel["campaign"], f2, scores=same(b), submit=True)
    with pytest.raises(DomainError):  # still open
        ranking.confirmed_order(panel["campaign"])
    rounds.close(panel["organizer"], panel["campaign"])
    assert names(ranking.confirmed_order(panel["campaign"]), panel)[:2] == ["入围1", "入围2"]
    assert ranking.compute(panel["campaign"]).ties == []


def test_a_tie_inside_a_group_does_not_block(panel):
    open_main(panel)
    for finalist, value in enumerate((90, 70, 70, 40)):  # 2nd and 3rd level, both 港城工匠
        score(panel, 0, finalist, value)
    rounds.close(panel["organizer"], panel["campaign"])
    result = ranking.compute(panel["campaign"])
    assert result.ties == []
    assert [r.shared_with for r in result.rows] == [1, 2, 2, 1]
    assert len(ranking.confirmed_order(panel["campaign"])) == 4


def test_sheets_change_until_submitted_and_not_after_the_round_closes(panel):
    open_main(panel)
    f1 = panel["finalists"][0].id
    score(panel, 0, 0, 50, submit=False)
    score(panel, 0, 0, 60, submit=True)
    with pytest.raises(DomainError) as refused:
        score(panel, 0, 0, 70)
    assert refused.value.code == "already_submitted"
    with pytest.raises(DomainError) as refused:
        scoring.save(panel["experts"][1], panel["campaign"], f1, scores={**same(10), "skill": 101})
    assert refused.value.status == 400 and "skill" in refused.value.details["fields"]
    with pytest.raises(DomainError) as refused:
        scoring.save(panel["experts"][1], panel["campaign"], f1, conflict="other", conflict_reason="")
    assert "conflict_reason" in refused.value.details["fields"]
    rounds.close(panel["organizer"], panel["campaign"])
    with pytest.raises(DomainError) as refused:
        score(panel, 1, 0, 70)
    assert refused.value.code == "round_closed"


def test_progress_and_a_reminder_to_who_has_not_finished(panel):
    open_main(panel)
    for finalist in range(4):
        score(panel, 0, finalist, 70)
    score(panel, 1, 0, 70)
    per_member = {r.member.user_id: r for r in progress.per_member(panel["campaign"], rounds.open_round(panel["campaign"]))}
    assert per_member[panel["experts"][0].id].done
    assert per_member[panel["experts"][1].id].remaining == 3
    per_finalist = progress.per_finalist(panel["campaign"], rounds.open_round(panel["campaign"]))
    assert [len(r.waiting_for) for r in per_finalist] == [1, 2, 2, 2]
    assert progress.remind(panel["organizer"], panel["campaign"]) == 2
    told = set(db.session.scalars(sa.select(Notification.user_id).where(Notification.event == "panel_reminder")))
    assert told == {panel["experts"][1].id, panel["experts"][2].id}


def test_only_panel_members_score_and_only_their_finalists(panel):
    from tests.panel.conftest import make_expert

    outsider = make_expert("局外专家")
    open_main(panel)
    with pytest.raises(DomainError) as refused:
        scoring.save(outsider, panel["campaign"], panel["finalists"][0].id, scores=same(80))
    assert refused.value.status == 403
    with pytest.raises(DomainError) as refused:  # the panel is fixed once scoring has begun
        from app.services.panel import formation
        formation.add_member(panel["organizer"], panel["campaign"], outsider.id, unit="某单位", kind="leader")
    assert refused.value.code == "panel_started"


def test_a_further_round_that_ties_again_still_blocks_until_the_chair_decides(panel):
    tied_at_the_top(panel)
    decisions.open_tiebreak(panel["organizer"], panel["campaign"], 1)
    f1, f2 = panel["finalists"][0].id, panel["finalists"][1].id
    for expert in (0, 1):
        for nid in (f1, f2):
            scoring.save(panel["experts"][expert], panel["campaign"], nid, scores=same(88), submit=True)
    rounds.close(panel["organizer"], panel["campaign"])
    assert [t.boundary for t in ranking.compute(panel["campaign"]).ties] == [1]
    decisions.chair_order(panel["organizer"], panel["campaign"], 1, [f1, f2], "加评后仍并列，组长依据现场技术比武成绩裁定")
    assert names(ranking.confirmed_order(panel["campaign"]), panel)[:2] == ["入围1", "入围2"]


def test_the_rubric_settings_are_checked(panel):
    from app.services.campaigns import settings

    with pytest.raises(DomainError) as refused:
        settings.update(panel["campaign"], {"weight_skill": 0, "weight_mastery": 0, "weight_leadership": 0,
                                            "weight_contribution": 0}, {}, actor=panel["organizer"])
    assert "weight_skill" in refused.value.details["fields"]
    with pytest.raises(DomainError) as refused:
        settings.update(panel["campaign"], {"likes_weight_percent": 31, "max_skill": 0}, {}, actor=panel["organizer"])
    assert {"likes_weight_percent", "max_skill"} <= set(refused.value.details["fields"])
    changes = settings.update(panel["campaign"], {"weight_skill": 40, "max_mastery": 50, "rank_by_normalised": 1}, {},
                              actor=panel["organizer"])
    assert set(changes) == {"weight_skill", "max_mastery", "rank_by_normalised"}
