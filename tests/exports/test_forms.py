"""The notice's two forms: attachment 1 as .docx, attachment 2 as .xlsx, read back as a user would open them."""
import io

import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook

from app.extensions import db
from app.models import AuditEntry, Nomination, OrganizationKind
from app.services.exports.forms import attachment1_docx, attachment2_xlsx
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, make_org,  # noqa: F401
                                         make_representative)

# The notice's attachment 2, column by column.
NOTICE_COLUMNS = ["序号", "姓名", "单位及职务", "性别", "出生年月", "政治面貌", "文化程度", "从事本工种（专业）时间",
                  "技术等级", "何时获何种荣誉", "简要技能业绩（100字以内）"]
# Every field label of the notice's attachment 1.
FORM_LABELS = ["姓名", "性别", "政治面貌", "出生年月", "学历", "工种（专业）", "技能等级", "从事本工种（专业）工作时间",
               "工作岗位（职务）", "联系方式（手机）", "工作单位", "主要经历", "何时何地受过何种奖励",
               "主要事迹（对照评选标准填写800字以内，突出重点，简明扼要）", "所在单位行政、工会意见",
               "主管工会、县区总工会意见", "市总工会意见"]


def _cells(document) -> list[str]:
    texts = []
    for table in document.tables:
        for row in table.rows:
            previous = None
            for cell in row.cells:
                if cell._tc is not previous:  # a merged cell appears once per column it spans
                    texts.append(cell.text)
                previous = cell._tc
    return texts


def test_attachment1_has_every_field_label_and_the_nominees_data(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    nomination = db.session.get(Nomination, nomination_id)
    document = Document(io.BytesIO(attachment1_docx(nomination)))
    cells = _cells(document)
    for label in FORM_LABELS:
        assert label in cells, label
    assert cells[:8] == ["姓名", "赵建国", "性别", "男", "政治面貌", "中共党员", "出生年月", "1980年5月"]
    assert "13805180000" in cells and "连云港海缘数控机床有限公司" in cells
    # Counted to the 2019 campaign's nomination deadline (2019-05-31), not to the day it is printed.
    assert "2005年3月起，共14年" in cells
    assert cells.count("\n\n（盖章）\n年    月    日") == 3  # self-nominees may leave the opinions empty
    paragraphs = [p.text for p in document.paragraphs]
    assert "“港城工匠”推荐表" in paragraphs
    assert "备注：职工自荐的可不签署意见，由市总工会统一征求有关地方、单位意见。" in paragraphs
    assert "推荐渠道：个人自荐" in paragraphs
    # Chinese text carries an East Asian font, so Word renders it with Chinese glyphs.
    assert 'w:eastAsia="宋体"' in document.element.xml


def test_attachment2_has_the_notices_columns_in_order(client, login, campaign):
    alice = login("alice")
    nominations = [db.session.get(Nomination, complete_self_draft(client, alice))]
    sheet = load_workbook(io.BytesIO(attachment2_xlsx("海州区总工会", nominations))).active
    assert sheet["A1"].value == "“身边的港城工匠”推荐人员汇总表"
    assert sheet["A2"].value == "推荐单位：海州区总工会"
    assert [c.value for c in sheet[3]] == NOTICE_COLUMNS
    assert [c.value for c in sheet[4]] == [
        1, "赵建国", "连云港海缘数控机床有限公司 数控车间班长", "男", "1980年5月", "中共党员", "大专",
        sheet["H4"].value, "高级技师", "2017年获连云港市技术能手称号；2018年获市职工技能大赛一等奖。",
        "从事数控车工十五年，主持技术革新五项，带徒十二名。"]
    assert sheet["H4"].value.startswith("2005年3月起，共")
    assert sheet.max_row == 4


def test_years_in_the_trade_are_printed_as_of_the_campaigns_nomination_deadline(client, login, campaign):
    alice = login("alice")
    nomination = db.session.get(Nomination, complete_self_draft(client, alice, trade_since="1985-01"))
    sheet = load_workbook(io.BytesIO(attachment2_xlsx("海州区总工会", [nomination]))).active
    assert sheet["H4"].value == "1985年1月起，共34年"  # to 2019-05-31, not "共41年" to today
    assert "1985年1月起，共34年" in _cells(Document(io.BytesIO(attachment1_docx(nomination))))


def test_representatives_download_their_summary_and_forms_and_it_is_logged(client, login, campaign):
    org_id = make_org("东海县总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-donghai", org_id)
    submitted = [complete_org_draft(client, rep, org_id, i) for i in range(3)]
    for nomination_id in submitted[:2]:
        assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=rep).status_code == 200

    response = client.get(f"/api/v1/organizations/{org_id}/summary.xlsx", headers=rep)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[3]] == NOTICE_COLUMNS
    assert sheet.max_row == 5  # the two submitted ones; the draft is not on the list
    assert client.get(f"/api/v1/organizations/{org_id}/summary.xlsx", headers=login("bob")).status_code == 403

    form = client.get(f"/api/v1/nominations/{submitted[0]}/form.docx", headers=rep)
    assert form.status_code == 200 and "姓名" in _cells(Document(io.BytesIO(form.data)))
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["organization.export_summary", "nomination.export_form"]
