"""The honour roll: public by year (no private fields), imported from a workbook after a dry run."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from app.extensions import db
from app.models import AuditEntry, HonourRollEntry
from app.services.awards import honour_roll, records
from app.services.errors import DomainError
from tests.factories.shortlist import make_organizer

HEADER = ["年度", "称号", "姓名", "工作单位", "工种", "出生年月", "手机"]


def workbook(rows, header=HEADER) -> bytes:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GOOD = [[2017, "港城十大工匠", "陈海涛", "连云港港口集团", "门机司机", "1978-03", "13905130001"],
        [2017, "港城工匠", "刘小燕", "江苏恒瑞医药", "化学检验员", None, None],
        [2018, "港城工匠", "马卫东", "连云港石化", "电工", None, None]]


def test_the_preview_names_each_bad_row_in_chinese_and_nothing_is_imported(ctx):
    data = workbook(GOOD + [[2018, "优秀工匠", "某某", "某厂", None, None, None],
                            ["去年", "港城工匠", "", "某厂", None, "1980/13", "123"]])
    preview = honour_roll.preview(data)
    assert len(preview.rows) == 3
    assert preview.errors == ["第 5 行：称号应为“港城十大工匠”或“港城工匠”，不能是“优秀工匠”",
                              "第 6 行：缺少姓名", "第 6 行：年度“去年”应为四位年份",
                              "第 6 行：手机号码“123”应为 11 位数字", "第 6 行：出生年月“1980/13”格式不对，应为 1980-05"]
    with pytest.raises(DomainError) as refused:
        honour_roll.import_rows(data, actor=make_organizer())
    assert refused.value.code == "workbook_has_errors"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HonourRollEntry)) == 0


def test_a_clean_workbook_is_imported_once_and_audited(ctx):
    organizer = make_organizer()
    honour_roll.import_rows(workbook(GOOD), actor=organizer)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HonourRollEntry)) == 3
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "honour_roll.imported")).one()
    assert entry.data == {"count": 3, "years": [2017, 2018], "skipped": 0}
    assert honour_roll.preview(workbook(GOOD)).duplicates == 3
    with pytest.raises(DomainError) as again:
        honour_roll.import_rows(workbook(GOOD), actor=organizer)
    assert again.value.code == "nothing_to_import"


def test_a_file_that_is_not_a_workbook_or_lacks_headers_is_refused(ctx):
    with pytest.raises(DomainError) as junk:
        honour_roll.preview(b"not a workbook")
    assert junk.value.code == "invalid_workbook"
    with pytest.raises(DomainError) as headers:
        honour_roll.preview(workbook([], header=["姓名", "单位"]))
    assert "年度、称号、工作单位" in headers.value.message


def test_the_public_list_is_by_year_top_ten_first_without_private_fields(commendation, client):
    honour_roll.import_rows(workbook(GOOD), actor=commendation["organizer"])
    records.record_awards(commendation["campaign"], actor=commendation["organizer"])
    db.session.commit()
    answer = client.get("/api/v1/honour-roll").get_json()
    assert answer["years"] == [2019, 2018, 2017]
    assert [i["year"] for i in answer["items"]] == [2019] * 5 + [2018, 2017, 2017]
    assert [i["title"] for i in answer["items"][:5]] == ["港城十大工匠"] * 2 + ["港城工匠"] * 3
    assert set(answer["items"][0]) == {"year", "title", "name", "employer", "trade"}
    assert "13905130001" not in client.get("/api/v1/honour-roll").get_data(as_text=True)
    only = client.get("/api/v1/honour-roll?year=2017").get_json()["items"]
    assert [i["name"] for i in only] == ["陈海涛", "刘小燕"]
    assert client.get("/api/v1/honour-roll?year=abc").status_code == 400
