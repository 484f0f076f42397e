"""The award list for finance (表彰奖励发放表) as an .xlsx workbook."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.models import ITEM_STATES, MEDAL_CHECKS, Campaign
from app.services.awards import certificates, records

HEADERS = (("序号", 6), ("姓名", 10), ("工作单位", 30), ("工种", 14), ("称号", 14), ("奖金（元）", 12),
           ("奖金状态", 10), ("发放日期", 12), ("五一劳动奖章审核", 16), ("证书编号", 34), ("奖牌", 10))


def workbook(campaign: Campaign) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "表彰奖励发放表"
    sheet.append([f"{campaign.year}年度“港城工匠”表彰奖励发放表"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([h for h, _ in HEADERS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for col, (_, width) in enumerate(HEADERS, start=1):
        sheet.column_dimensions[chr(64 + col)].width = width
    total = 0
    for number, award in enumerate(records.for_campaign(campaign), start=1):
        nomination, prize = award.nomination, award.items.get("prize", {})
        certificate = certificates.current(award)
        sheet.append([number, nomination.name, nomination.employer_name or "", nomination.trade or "", award.title,
                      award.prize_yuan, ITEM_STATES[prize.get("state", "pending")], prize.get("on") or "",
                      MEDAL_CHECKS[award.medal_check] if award.medal_check else "—",
                      certificate.serial if certificate else "", ITEM_STATES[award.items["plaque"]["state"]]])
        total += award.prize_yuan
    sheet.append(["合计", "", "", "", "", total])
    sheet.cell(sheet.max_row, 1).font = sheet.cell(sheet.max_row, 6).font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
