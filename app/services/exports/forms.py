"""The notice's two forms as files: attachment 1 (推荐表, .docx per nominee) and attachment 2
(推荐人员汇总表, .xlsx per recommending unit). Pure builders: callers check who may export and log it."""
from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from app.models import CHANNEL_LABELS, CONDITIONS, Nomination
from app.services.nominations.eligibility import years_counted_to, years_in_trade

FORM_TITLE = "“港城工匠”推荐表"
SUMMARY_TITLE = "“身边的港城工匠”推荐人员汇总表"
SUMMARY_COLUMNS = ("序号", "姓名", "单位及职务", "性别", "出生年月", "政治面貌", "文化程度",
                   "从事本工种（专业）时间", "技术等级", "何时获何种荣誉", "简要技能业绩（100字以内）")
SUMMARY_WIDTHS = (6, 10, 26, 6, 10, 12, 10, 16, 10, 36, 40)
SELF_NOMINATION_NOTE = "备注：职工自荐的可不签署意见，由市总工会统一征求有关地方、单位意见。"
BODY_FONT, TITLE_FONT = "宋体", "黑体"


def month_text(value: date | None) -> str:
    return f"{value.year}年{value.month}月" if value else ""


def trade_time_text(nomination: Nomination, as_of: date | None = None) -> str:
    """"1985年1月起，共34年": counted, like eligibility, to the campaign's nomination deadline."""
    if nomination.trade_since is None:
        return ""
    as_of = as_of or years_counted_to(nomination.campaign)
    return f"{month_text(nomination.trade_since)}起，共{max(years_in_trade(nomination.trade_since, as_of), 0)}年"


def _opinion_text(opinion: str | None, on: date | None) -> str:
    signed = f"{on.year}年{on.month}月{on.day}日" if on else "年    月    日"
    return f"{opinion or ''}\n\n（盖章）\n{signed}"


def _font(run, name: str = BODY_FONT, size: float = 10.5, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    # Word picks Chinese glyphs from the East Asian font slot; without it Chinese may fall back oddly.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _write(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    cell.text = ""
    lines = (text or "").split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        _font(run, bold=bold)
        if i < len(lines) - 1:
            run.add_break()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _row(table, index: int, cells: list[tuple[int, int, str, bool]]) -> None:
    """Fill one row: (first column, last column, text, is a label) for each merged span."""
    row = table.rows[index]
    for first, last, text, label in cells:
        cell = row.cells[first] if first == last else row.cells[first].merge(row.cells[last])
        _write(cell, text, bold=label, center=label)


def attachment1_docx(nomination: Nomination) -> bytes:
    """Attachment 1, laid out as the notice's table, with this nominee's data filled in."""
    n = nomination
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    _font(doc.add_paragraph().add_run("附件1"), size=12)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(FORM_TITLE), TITLE_FONT, 18, bold=True)

    table = doc.add_table(rows=9, cols=8)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _row(table, 0, [(0, 0, "姓名", True), (1, 1, n.name, False), (2, 2, "性别", True), (3, 3, n.gender or "", False),
                    (4, 4, "政治面貌", True), (5, 5, n.political_status or "", False),
                    (6, 6, "出生年月", True), (7, 7, month_text(n.birth_month), False)])
    _row(table, 1, [(0, 0, "学历", True), (1, 1, n.education or "", False), (2, 2, "工种（专业）", True),
                    (3, 3, n.trade or "", False), (4, 4, "技能等级", True), (5, 5, n.skill_level or "", False),
                    (6, 6, "从事本工种（专业）工作时间", True), (7, 7, trade_time_text(n), False)])
    _row(table, 2, [(0, 0, "工作岗位（职务）", True), (1, 3, n.post or "", False),
                    (4, 4, "联系方式（手机）", True), (5, 7, n.mobile or "", False)])
    _row(table, 3, [(0, 0, "工作单位", True), (1, 7, n.employer_name or "", False)])
    _row(table, 4, [(0, 0, "主要经历", True), (1, 7, n.career or "", False)])
    _row(table, 5, [(0, 0, "何时何地受过何种奖励", True), (1, 7, n.awards or "", False)])
    _row(table, 6, [(0, 0, "主要事迹（对照评选标准填写800字以内，突出重点，简明扼要）", True),
                    (1, 7, n.deeds or "", False)])
    _row(table, 7, [(0, 0, "所在单位行政、工会意见", True), (1, 3, _opinion_text(n.unit_opinion, n.unit_opinion_on), False),
                    (4, 4, "主管工会、县区总工会意见", True),
                    (5, 7, _opinion_text(n.supervising_union_opinion, n.supervising_union_opinion_on), False)])
    _row(table, 8, [(0, 0, "市总工会意见", True),
                    (1, 7, _opinion_text(n.city_union_opinion, n.city_union_opinion_on), False)])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(2.6) if i % 2 == 0 else Cm(1.65)

    _font(doc.add_paragraph().add_run(SELF_NOMINATION_NOTE), size=10.5)
    conditions = "；".join(f"{CONDITIONS[c['condition']]}（{c['evidence']}）" for c in n.conditions or [])
    priority = "、".join(label for flag, label in ((n.priority_chief_employee, "曾获市“首席员工”称号"),
                                                  (n.priority_innovation_award, "市以上职工科技创新成果奖主要完成人"))
                        if flag) or "无"
    for text in (f"推荐渠道：{CHANNEL_LABELS[n.channel]}", f"符合条件：{conditions or '未填写'}", f"优先推荐情形：{priority}"):
        _font(doc.add_paragraph().add_run(text), size=10.5)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def summary_row(index: int, n: Nomination) -> list:
    return [index, n.name, " ".join(part for part in (n.employer_name, n.post) if part), n.gender or "",
            month_text(n.birth_month), n.political_status or "", n.education or "", trade_time_text(n),
            n.skill_level or "", n.awards or "", n.brief or ""]


def attachment2_xlsx(org_name: str, nominations: Iterable[Nomination]) -> bytes:
    """Attachment 2 for one recommending unit: its header (推荐单位) and exactly the notice's columns."""
    book = Workbook()
    sheet = book.active
    sheet.title = "推荐人员汇总表"
    last = get_column_letter(len(SUMMARY_COLUMNS))
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"] = SUMMARY_TITLE
    sheet["A1"].font = Font(name=TITLE_FONT, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(f"A2:{last}2")
    sheet["A2"] = f"推荐单位：{org_name}"
    sheet["A2"].font = Font(name=BODY_FONT, size=12)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    rows = [list(SUMMARY_COLUMNS)] + [summary_row(i, n) for i, n in enumerate(nominations, start=1)]
    for r, values in enumerate(rows, start=3):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            cell.font = Font(name=BODY_FONT, size=11, bold=r == 3)
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if r == 3 else None)
    for c, width in enumerate(SUMMARY_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
