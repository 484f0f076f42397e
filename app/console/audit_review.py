"""The operation log's sentences about review (考察审核): checklist confirmations, check records, decisions."""
from __future__ import annotations

from datetime import date

from markupsafe import Markup

from app.console.audit_words import Sentence, fmt, join
from app.models import CHECK_METHODS
from app.services.review.checklist import ITEMS, RESULT_LABELS


def _started(d) -> Markup:
    return Markup("，开始考察审核") if d.get("to") == "under_review" else Markup("")


def _item_confirmed(d, t, w, _e):
    item = ITEMS.get(d.get("item"), "一个审核项目")
    result = RESULT_LABELS.get(d.get("result"))
    return fmt("确认 {} 的审核项目“{}”", w.nomination(t), item) + (fmt("：{}", result) if result else "") + _started(d)


def _items_confirmed(d, t, w, _e):
    names = [ITEMS[k] for k in d.get("items") or [] if k in ITEMS]
    if not names:
        return fmt("确认了 {} 审核清单中系统核对“符合”的项目", w.nomination(t)) + _started(d)
    return fmt("确认 {} 审核清单中系统核对“符合”的 {} 项：{}", w.nomination(t), len(names), join(names)) + _started(d)


def _day(value) -> str:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def _check_added(d, t, w, _e):
    parts = [p for p in (CHECK_METHODS.get(d.get("method")), _day(d.get("checked_on"))) if p]
    files = d.get("files") or 0
    text = fmt("为 {} 添加了核查记录", w.nomination(t)) + (fmt("（{}）", "，".join(parts)) if parts else "")
    return text + (fmt("，附件 {} 个", files) if files else "") + _started(d)


def _returned(d, t, w, _e):
    until = _day(d.get("resubmit_by"))
    return fmt("将 {} 退回补充", w.nomination(t)) + (fmt("，须于{}前补充并重新提交", until) if until else "")


REVIEW_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "review.item_confirmed": ("审核清单：确认一项", _item_confirmed),
    "review.items_confirmed": ("审核清单：确认系统核对项", _items_confirmed),
    "review.check_added": ("添加核查记录", _check_added),
    "review.qualified": ("审核合格", lambda d, t, w, _e: fmt("审核 {}：合格", w.nomination(t))),
    "review.returned": ("退回补充", _returned),
    "review.rejected": ("不予通过", lambda d, t, w, _e: fmt("审核 {}：不予通过", w.nomination(t))),
}
