"""All nominations of a campaign as one .xlsx workbook (openpyxl, streamed row by row)."""
from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.models import CHANNEL_LABELS, CONDITIONS, STATUS_LABELS, Campaign, Nomination
from app.models.base import as_utc
from app.services.nominations import search


def local_time(campaign: Campaign, value: datetime) -> datetime:
    """A stored (UTC) time as people of the campaign read it: in the campaign's time zone."""
    return as_utc(value).astimezone(ZoneInfo(campaign.timezone))


def _month(value) -> str:
    return value.strftime("%Y-%m") if value else ""


def _conditions(nomination: Nomination) -> str:
    parts = []
    for item in nomination.conditions or []:
        label = CONDITIONS.get(int(item.get("condition", 0)), "")
        parts.append(f"{label}：{item.get('evidence', '')}" if item.get("evidence") else label)
    return "；".join(parts)


# (header, width, value) — the columns of attachment 2 first, then the rest of attachment 1.
COLUMNS: list[tuple[str, int, Callable[[Nomination], object]]] = [
    ("编号", 8, lambda n: n.id),
    ("姓名", 10, lambda n: n.name),
    ("性别", 6, lambda n: n.gender or ""),
    ("出生年月", 10, lambda n: _month(n.birth_month)),
    ("政治面貌", 10, lambda n: n.political_status or ""),
    ("学历", 10, lambda n: n.education or ""),
    ("工种（专业）", 14, lambda n: n.trade or ""),
    ("技能等级", 12, lambda n: n.skill_level or ""),
    ("从事本工种（专业）时间", 12, lambda n: _month(n.trade_since)),
    ("工作岗位（职务）", 14, lambda n: n.post or ""),
    ("联系方式（手机）", 14, lambda n: n.mobile or ""),
    ("工作单位", 24, lambda n: n.employer_name or ""),
    ("所在县区", 10, lambda n: n.district or ""),
    ("推荐方式", 12, lambda n: CHANNEL_LABELS.get(n.channel, str(n.channel))),
    ("推荐单位", 20, lambda n: n.nominating_org.name if n.nominating_org else ""),
    ("状态", 10, lambda n: STATUS_LABELS.get(n.status, n.status)),
    ("符合条件", 30, _conditions),
    ("曾获市首席员工", 8, lambda n: "是" if n.priority_chief_employee else ""),
    ("市级以上职工科技创新成果奖主要完成人", 8, lambda n: "是" if n.priority_innovation_award else ""),
    ("主要经历", 40, lambda n: n.career or ""),
    ("何时何地受过何种奖励", 40, lambda n: n.awards or ""),
    ("主要事迹", 60, lambda n: n.deeds or ""),
    ("简要技能业绩", 40, lambda n: n.brief or ""),
    ("提交时间", 18, lambda n: f"{local_time(n.campaign, n.submitted_at):%Y-%m-%d %H:%M}" if n.submitted_at else ""),
]


def build(campaign: Campaign, progress: Callable[[int, int], None] | None = None,
          filters: search.Filters | None = None) -> tuple[bytes, int]:
    """The workbook's bytes and its number of rows; `progress(done, total)` is called as rows are written.
    `filters` (the organizers' list's) narrow it to what the list shows."""
    total = search.count_matching(campaign, filters)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("推荐对象")
    for index, (_, width, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header = []
    for title, _, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.alignment = bold, Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    done = 0
    if progress:
        progress(0, total)
    for nomination in search.all_matching(campaign, filters):
        sheet.append([value(nomination) for _, _, value in COLUMNS])
        done += 1
        if progress and (done % 25 == 0 or done == total):
            progress(done, total)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), done


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)
