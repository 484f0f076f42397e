"""The nomination form's fields, options, limits and Chinese messages: one catalogue that the service
checks against and GET /nominations/rules publishes so the mini-program can mirror it."""
from __future__ import annotations

import re
from datetime import date

from flask import current_app

from app.models import CONDITIONS
from app.services.errors import DomainError

DISTRICTS = ("海州区", "连云区", "赣榆区", "东海县", "灌云县", "灌南县")
ZONES = ("开发区", "高新区", "徐圩新区", "云台山景区")

OPTIONS = {
    "gender": ("男", "女"),
    "political_status": ("中共党员", "中共预备党员", "共青团员", "民主党派成员", "无党派人士", "群众"),
    "education": ("初中及以下", "高中", "中专", "技工学校", "大专", "本科", "硕士研究生", "博士研究生"),
    "skill_level": ("初级工", "中级工", "高级工", "技师", "高级技师", "特级技师", "首席技师",
                    "初级职称", "中级职称", "副高级职称", "正高级职称", "其他"),
    "district": DISTRICTS + ZONES,
}

# Labels as people read them (attachment 1's wording where it has one).
LABELS = {
    "name": "姓名", "gender": "性别", "political_status": "政治面貌", "birth_month": "出生年月",
    "education": "学历", "trade": "工种（专业）", "skill_level": "技能等级",
    "trade_since": "从事本工种（专业）工作时间", "post": "工作岗位（职务）", "mobile": "联系方式（手机）",
    "employer_name": "工作单位", "district": "所在县区", "career": "主要经历", "awards": "何时何地受过何种奖励",
    "deeds": "主要事迹", "story": "事迹简介", "brief": "简要技能业绩", "conditions": "推荐条件",
    "privacy_consent": "个人信息使用同意", "id_photo": "彩色证件照", "work_photo": "工作照",
    "certificate": "主要荣誉证书复印件", "employer_org_id": "工作单位（组织）",
}

REQUIRED_FIELDS = ("name", "gender", "political_status", "birth_month", "education", "trade", "skill_level",
                   "trade_since", "post", "mobile", "employer_name", "district", "career", "awards", "deeds",
                   "story", "brief")
TEXT_MAX = {"name": 20, "trade": 60, "post": 60, "employer_name": 120, "career": 2000, "awards": 2000,
            "deeds": 800, "brief": 100}
EVIDENCE_MAX = 500
MOBILE = re.compile(r"1[3-9]\d{9}")
NAME = re.compile(r"[\u4e00-\u9fffA-Za-z·．. ]{2,20}")

CONSENT_TEXT = ("本人同意连云港市总工会为“身边的港城工匠”选树活动收集、使用本表所填个人信息。"
                "手机号码、出生年月、政治面貌仅用于审核与联系，不会公开；姓名、照片、工作单位、岗位、"
                "工种、技能等级、荣誉和事迹将在活动中公开展示。")


def limits() -> dict:
    cfg = current_app.config
    return {"deeds_max": TEXT_MAX["deeds"], "story_min": cfg["NOMINATION_STORY_MIN"],
            "story_max": cfg["NOMINATION_STORY_MAX"], "brief_max": TEXT_MAX["brief"], "years_in_trade_min": 5,
            "id_photo": 1, "work_photo": 2, "certificate_min": 1, "certificate_max": 10,
            "evidence_max": EVIDENCE_MAX, "image_max_bytes": cfg["UPLOAD_IMAGE_MAX_BYTES"],
            "pdf_max_bytes": cfg["UPLOAD_PDF_MAX_BYTES"], "image_max_pixels": cfg["UPLOAD_IMAGE_MAX_PIXELS"]}


def messages() -> dict[str, str]:
    lim = limits()
    return {
        "required": "此项为必填项",
        "option": "请从给定选项中选择",
        "too_long": "字数超出上限",
        "name_format": "请填写真实姓名（2至20个字）",
        "mobile_format": "请填写11位手机号码",
        "month_format": "请按“年-月”填写，例如 1985-06",
        "birth_month_range": "出生年月不在合理范围内",
        "trade_since_range": "从事本工种（专业）的起始时间不在合理范围内",
        "years_in_trade": f"从事本工种（专业）须满{lim['years_in_trade_min']}年",
        "deeds_max": f"主要事迹须在{lim['deeds_max']}字以内",
        "story_range": f"事迹简介应为{lim['story_min']}至{lim['story_max']}字（约1500字）",
        "brief_max": f"简要技能业绩须在{lim['brief_max']}字以内",
        "conditions_min": "请至少选择一项推荐条件，并说明依据",
        "conditions_format": "推荐条件应为1至4项，每项须写明依据（500字以内），且不重复",
        "privacy_consent": "请阅读并同意个人信息使用说明",
        "id_photo_count": f"请上传{lim['id_photo']}张彩色证件照",
        "work_photo_count": f"请上传{lim['work_photo']}张工作照",
        "certificate_min": f"请至少上传{lim['certificate_min']}份主要荣誉证书复印件",
        "employer_org": "所选单位不存在或不能认可申报（须为用人单位或行业协会）",
    }


def options() -> dict:
    return {**{k: list(v) for k, v in OPTIONS.items()}, "conditions": {str(k): v for k, v in CONDITIONS.items()}}


def parse_month(value: str) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value or "")
    # Year 0000 matches the pattern but is no date: refused as badly written, not left to raise.
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        return None
    return date(int(match.group(1)), int(match.group(2)), 1)


def months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + (end.month - start.month)


def validate_field(field: str, value, today: date) -> tuple[object, str | None]:
    """Check one submitted value; returns (the value to store, None) or (None, the rule it broke)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None  # clearing a field is allowed in a draft; submission asks for it
    if field in OPTIONS:
        return (value, None) if value in OPTIONS[field] else (None, "option")
    if field == "name":
        value = value.strip()
        return (value, None) if NAME.fullmatch(value) else (None, "name_format")
    if field == "mobile":
        value = re.sub(r"[\s-]", "", value)
        return (value, None) if MOBILE.fullmatch(value) else (None, "mobile_format")
    if field in ("birth_month", "trade_since"):
        month = parse_month(value.strip())
        if month is None:
            return None, "month_format"
        if field == "birth_month" and not 16 <= months_between(month, today) // 12 <= 80:
            return None, "birth_month_range"
        if field == "trade_since" and (month > today or month.year < 1950):
            return None, "trade_since_range"
        return month, None
    if field in TEXT_MAX:
        value = value.strip()
        if len(value) > TEXT_MAX[field]:
            return None, {"deeds": "deeds_max", "brief": "brief_max"}.get(field, "too_long")
        return value, None
    if field == "story":
        value = value.strip()
        return (value, None) if len(value) <= current_app.config["NOMINATION_STORY_MAX"] else (None, "story_range")
    raise KeyError(field)


def validate_conditions(value) -> tuple[list | None, str | None]:
    seen, cleaned = set(), []
    for item in value or []:
        condition, evidence = item.get("condition"), (item.get("evidence") or "").strip()
        if condition not in CONDITIONS or condition in seen or not evidence or len(evidence) > EVIDENCE_MAX:
            return None, "conditions_format"
        seen.add(condition)
        cleaned.append({"condition": condition, "evidence": evidence})
    return sorted(cleaned, key=lambda c: c["condition"]), None


def field_error(fields: dict[str, str]) -> DomainError:
    """A 400 naming each field and its rule in Chinese."""
    named = "；".join(f"{LABELS.get(f, f)}：{m}" for f, m in fields.items())
    return DomainError("validation_error", f"请检查填写内容（{named}）", 400, details={"fields": fields})
