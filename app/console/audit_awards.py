"""The operation log's sentences about awards (表彰奖励), certificates, the honour roll and next year's campaign."""
from __future__ import annotations

from app.console.audit_words import Sentence, fmt
from app.models import AWARD_ITEMS, ITEM_STATES, MEDAL_CHECKS


def _recorded(d, _t, _w, _e):
    return fmt("登记了{}年度{}名当选者的表彰奖励，并将其列入荣誉榜", d.get("year", ""), d.get("count", 0))


def _medal(d, t, w, _e):
    note = fmt("（{}）", d["note"]) if d.get("note") else ""
    result = MEDAL_CHECKS.get(d.get("to"), "已审核")
    when = fmt("，审核日期 {}", d["on"]) if d.get("on") else ""
    return fmt("记录 {} 的五一劳动奖章审核结果：{}", w.nomination(t), result) + when + note


def _item(d, t, w, _e):
    item = AWARD_ITEMS.get(d.get("item"), "一项表彰事项")
    if not d.get("to"):
        return fmt("更新了 {} 的{}", w.nomination(t), item)
    when = fmt("，日期 {}", d["on"]) if d.get("on") else ""
    return fmt("将 {} 的{}由“{}”改为“{}”", w.nomination(t), item, ITEM_STATES.get(d.get("from"), "待准备"),
               ITEM_STATES.get(d.get("to"), d.get("to"))) + when


def _issued(d, t, w, _e):
    serial = fmt("，编号 {}", d["serial"]) if d.get("serial") else ""
    return fmt("为 {} 颁发了{}电子证书", w.nomination(t), fmt("“{}”", d["title"]) if d.get("title") else "") + serial


def _revoked(d, t, w, e):
    serial = fmt("（编号 {}）", d["serial"]) if d.get("serial") else ""
    return fmt("撤销了 {} 的电子证书", w.nomination(t)) + serial + (fmt("，原因：{}", e.reason) if e.reason else "")


def _imported(d, _t, _w, _e):
    years = "、".join(str(y) for y in d.get("years") or [])
    return fmt("从工作簿导入荣誉榜 {} 条（{}年度），跳过已有 {} 条", d.get("count", 0), years, d.get("skipped", 0))


def _finance(d, _t, _w, _e):
    return fmt("下载了{}年度表彰奖励发放表（含 {} 名获奖者）", d.get("year", ""), d.get("count", 0))


def _next(d, _t, _w, _e):
    return fmt("以{}年度活动为基础创建了{}年度活动“{}”", d.get("from_year", ""), d.get("year", ""), d.get("title", ""))


AWARD_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "award.recorded": ("登记表彰奖励", _recorded),
    "award.medal_checked": ("记录奖章审核", _medal),
    "award.item_changed": ("更新表彰事项", _item),
    "award.finance_exported": ("下载表彰发放表", _finance),
    "certificate.issued": ("颁发电子证书", _issued),
    "certificate.revoked": ("撤销电子证书", _revoked),
    "honour_roll.imported": ("导入荣誉榜", _imported),
    "campaign.created_next": ("创建下一年度活动", _next),
}
