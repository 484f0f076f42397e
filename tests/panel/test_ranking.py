"""The ranking's figures, computed by hand here: means of weighted totals, abstentions, z-scores, likes."""
from __future__ import annotations

import math

import pytest

from app.redis_store import get_redis
from app.services.errors import DomainError
from app.services.likes import counts
from app.services.panel import ranking, rounds
from tests.panel.conftest import open_main, score


def by_name(result):
    return {row.nomination.name: row for row in result.rows}


def test_weighted_total_follows_the_rubric(panel):
    campaign = panel["campaign"]
    campaign.weight_skill, campaign.max_skill = 40, 50
    campaign.weight_mastery = campaign.weight_leadership = campaign.weight_contribution = 20
    # 40/50×40 + 80/100×20 + 70/100×20 + 90/100×20 = 32 + 16 + 14 + 18 = 80 (of 100)
    total = ranking.weighted_total(campaign, {"skill": 40, "mastery": 80, "leadership": 70, "contribution": 90})
    assert total == pytest.approx(80)


def test_mean_of_those_who_scored_and_an_abstention_does_not_penalise(panel):
    open_main(panel)
    for finalist, value in enumerate((90, 80, 70)):
        score(panel, 0, finalist, value)
    score(panel, 0, 3, None, conflict="colleague")  # 张专家 abstains on 入围4
    for finalist, value in enumerate((60, 80, 70, 50)):
        score(panel, 1, finalist, value)
    score(panel, 2, 0, 10, submit=False)  # a draft never counts
    rows = by_name(ranking.compute(panel["campaign"]))
    assert rows["入围1"].raw_mean == pytest.approx(75)
    assert rows["入围2"].raw_mean == pytest.approx(80)
    assert rows["入围3"].raw_mean == pytest.approx(70)
    assert rows["入围4"].raw_mean == pytest.approx(50)  # 50 from the one who scored, not (0 + 50) / 2
    assert rows["入围4"].totals[panel["members"][0].id] is None
    assert [r.nomination.name for r in ranking.compute(panel["campaign"]).rows] == ["入围2", "入围1", "入围3", "入围4"]


def test_normalised_mean_side_by_side_with_the_raw(panel):
    open_main(panel)
    for finalist, value in enumerate((90, 80, 70)):
        score(panel, 0, finalist, value)
    for finalist, value in enumerate((60, 80, 70, 50)):
        score(panel, 1, finalist, value)
    every = [90, 80, 70, 60, 80, 70, 50]
    pool_mean = sum(every) / 7
    pool_sd = math.sqrt(sum((t - pool_mean) ** 2 for t in every) / 7)
    sd_a = math.sqrt((10 ** 2 + 0 + 10 ** 2) / 3)  # 张专家: 90, 80, 70 around 80
    sd_b = math.sqrt((5 ** 2 + 15 ** 2 + 5 ** 2 + 15 ** 2) / 4)  # 李专家: 60, 80, 70, 50 around 65
    rows = by_name(ranking.compute(panel["campaign"]))
    expected_1 = ((pool_mean + 10 / sd_a * pool_sd) + (pool_mean - 5 / sd_b * pool_sd)) / 2
    assert rows["入围1"].normalised_mean == pytest.approx(expected_1)
    assert rows["入围1"].raw_mean == pytest.approx(75)
    expected_4 = pool_mean - 15 / sd_b * pool_sd
    assert rows["入围4"].normalised_mean == pytest.approx(expected_4)

    panel["campaign"].rank_by_normalised = 1  # the setting decides which one orders them
    result = ranking.compute(panel["campaign"])
    assert result.by_normalised
    assert result.rows[0].final == pytest.approx(result.rows[0].normalised_mean)


def test_z_score_falls_back_to_raw_for_one_finalist_or_all_the_same(panel):
    open_main(panel)
    score(panel, 0, 0, 77)  # 张专家 scored one finalist only
    for finalist in range(4):
        score(panel, 1, finalist, 66)  # 李专家 gave everyone the same
    score(panel, 2, 0, 90)
    score(panel, 2, 1, 70)
    result = ranking.compute(panel["campaign"])
    members = panel["members"]
    assert result.fallback_member_ids == {members[0].id, members[1].id}
    rows = by_name(result)
    assert rows["入围1"].normalised[members[0].id] == pytest.approx(77)
    assert rows["入围3"].normalised[members[1].id] == pytest.approx(66)
    assert rows["入围3"].normalised_mean == pytest.approx(66)
    assert rows["入围1"].normalised[members[2].id] != pytest.approx(90)  # 王专家 is normalised


def test_likes_component_weighs_in(panel):
    campaign = panel["campaign"]
    campaign.likes_weight_percent = 20
    open_main(panel)
    for finalist, value in enumerate((80, 80, 60, 40)):
        score(panel, 0, finalist, value)
    get_redis().zadd(counts.board_key(campaign.id), {str(panel["finalists"][0].id): 10,
                                                     str(panel["finalists"][1].id): 5})
    rows = by_name(ranking.compute(campaign))
    assert rows["入围1"].final == pytest.approx(80 * 0.8 + 100 * 0.2)  # the most liked: 100
    assert rows["入围2"].final == pytest.approx(80 * 0.8 + 50 * 0.2)
    assert rows["入围3"].final == pytest.approx(60 * 0.8)


def test_unconfirmable_while_the_round_is_open_or_someone_is_unscored(panel):
    open_main(panel)
    with pytest.raises(DomainError) as refused:
        ranking.confirmed_order(panel["campaign"])
    assert "评议尚未结束" in refused.value.message
    for finalist, value in enumerate((90, 80, 70)):
        score(panel, 0, finalist, value)
    rounds.close(panel["organizer"], panel["campaign"])
    with pytest.raises(DomainError) as refused:
        ranking.confirmed_order(panel["campaign"])
    assert "1 名入围对象没有专家评分" in refused.value.message


def test_the_workbook_lists_each_experts_scores_the_means_and_the_order(panel):
    import io

    from openpyxl import load_workbook

    from app.services.panel import export

    open_main(panel)
    for finalist, value in enumerate((90, 80, 70)):
        score(panel, 0, finalist, value)
    score(panel, 0, 3, None, conflict="same_unit")
    for finalist, value in enumerate((60, 80, 70, 50)):
        score(panel, 1, finalist, value)
    name, data = export.build(panel["organizer"], panel["campaign"])
    assert name.endswith(".xlsx")
    book = load_workbook(io.BytesIO(data))
    rows = list(book["排名"].iter_rows(values_only=True))
    assert rows[0][:9] == ("名次", "并列人数", "姓名", "工作单位", "原始均分", "标准化均分", "点赞数", "点赞折算分", "最终得分")
    assert [r[2] for r in rows[1:5]] == ["入围2", "入围1", "入围3", "入围4"]
    assert rows[2][4] == 75 and rows[4][9] == "回避"  # 入围1's raw mean; 张专家 abstained on 入围4
    sheet_rows = list(book["专家评分"].iter_rows(values_only=True))
    assert len(sheet_rows) == 1 + 8 and ("同一单位" in sheet_rows[4])
