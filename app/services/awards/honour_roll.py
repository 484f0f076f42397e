"""The honour roll (荣誉榜): listed publicly by year, and imported from a workbook for earlier years.

The workbook's first sheet, first row headers, one holder per row (columns in any order):
年度 (required, e.g. 2018), 称号 (港城十大工匠 or 港城工匠), 姓名, 工作单位, 工种 (optional),
出生年月 (optional, YYYY-MM), 手机 (optional; kept private, used only by the eligibility check).
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.models import HonourRollEntry, User
from app.models.honour_roll import TITLES
from app.services import audit
from app.services.errors import DomainError

COLUMNS = {"年度": "year", "称号": "title", "姓名": "name", "工作单位": "employer_name", "工种": "trade",
           "出生年月": "birth_month", "手机": "mobile"}
REQUIRED = ("年度", "称号", "姓名", "工作单位")
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
MOBILE = re.compile(r"1\d{10}")


def public_list(year: int | None = None) -> list[dict]:
    """Public fields only: never the mobile or birth month."""
    top_first = sa.case((HonourRollEntry.title == TITLES[0], 0), else_=1)
    query = sa.select(HonourRollEntry).order_by(HonourRollEntry.year.desc(), top_first, HonourRollEntry.id)
    if year is not None:
        query = query.where(HonourRollEntry.year == year)
    return [{"year": e.year, "title": e.title, "name": e.name, "employer": e.employer_name, "trade": e.trade or ""}
            for e in db.session.scalars(query)]


def years() -> list[int]:
    return list(db.session.scalars(sa.select(HonourRollEntry.year).distinct().order_by(HonourRollEntry.year.desc())))


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)  # valid rows, ready to import
    errors: list[str] = field(default_factory=list)  # 第 N 行：… in Chinese
    duplicates: int = 0  # rows already on the roll (skipped)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _month(value, line: int, errors: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return date(value.year, value.month, 1)
    match = re.fullmatch(r"(\d{4})[-./年](\d{1,2})月?", _text(value))
    if not match or not 1 <= int(match[2]) <= 12:
        errors.append(f"第 {line} 行：出生年月“{_text(value)}”格式不对，应为 1980-05")
        return None
    return date(int(match[1]), int(match[2]), 1)


def _read_row(values: dict, line: int, errors: list[str]) -> dict | None:
    before = len(errors)
    row = {key: _text(values.get(header)) for header, key in COLUMNS.items()}
    for header in REQUIRED:
        if not row[COLUMNS[header]]:
            errors.append(f"第 {line} 行：缺少{header}")
    year_text = row["year"].removesuffix(".0")
    if row["year"] and not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
        errors.append(f"第 {line} 行：年度“{row['year']}”应为四位年份")
    if row["title"] and row["title"] not in TITLES:
        errors.append(f"第 {line} 行：称号应为“港城十大工匠”或“港城工匠”，不能是“{row['title']}”")
    if len(row["name"]) > 40 or len(row["employer_name"]) > 120 or len(row["trade"]) > 60:
        errors.append(f"第 {line} 行：姓名、工作单位或工种过长")
    if row["mobile"] and not MOBILE.fullmatch(row["mobile"]):
        errors.append(f"第 {line} 行：手机号码“{row['mobile']}”应为 11 位数字")
    row["birth_month"] = _month(values.get("出生年月"), line, errors)
    if len(errors) > before:
        return None
    return {**row, "year": int(year_text), "trade": row["trade"] or None, "mobile": row["mobile"] or None}


def preview(data: bytes) -> Preview:
    if not data:
        raise DomainError("validation_error", "请选择要导入的 .xlsx 文件", 422)
    if len(data) > MAX_BYTES:
        raise DomainError("file_too_large", "文件超过 5 MB，请拆分后导入", 422)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
        raise DomainError("invalid_workbook", "无法读取该文件，请上传 Excel 工作簿（.xlsx）", 422) from None
    result = Preview()
    rows = sheet.iter_rows(values_only=True)
    headers = [_text(h) for h in next(rows, ())]
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise DomainError("invalid_workbook", f"第 1 行表头缺少：{'、'.join(missing)}（见导入说明）", 422)
    seen = set()
    for line, values in enumerate(rows, start=2):
        if line - 1 > MAX_ROWS:
            result.errors.append(f"超过 {MAX_ROWS} 行，其余未读取")
            break
        if all(v in (None, "") for v in values):
            continue
        row = _read_row(dict(zip(headers, values)), line, result.errors)
        if row is None:
            continue
        key = (row["year"], row["name"], row["employer_name"])
        exists = db.session.scalars(sa.select(HonourRollEntry.id).filter_by(
            year=key[0], name=key[1], employer_name=key[2])).first()
        if exists or key in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        result.rows.append(row)
    return result


def import_rows(data: bytes, *, actor: User) -> Preview:
    """Import the valid rows only when the whole file is clean; the caller commits."""
    result = preview(data)
    if result.errors:
        raise DomainError("workbook_has_errors", f"文件有 {len(result.errors)} 处错误，请改正后重新导入", 422,
                          details={"errors": result.errors[:50]})
    if not result.rows:
        raise DomainError("nothing_to_import", "没有可导入的新记录", 409)
    for row in result.rows:
        db.session.add(HonourRollEntry(**row))
    audit.record("honour_roll.imported", "honour_roll", None, actor=actor,
                 data={"count": len(result.rows), "years": sorted({r["year"] for r in result.rows}),
                       "skipped": result.duplicates})
    return result
