"""The operation log's sentences about the shortlist (入围): picks, the leadership group's decision, confirmation
and reopening."""
from __future__ import annotations

from datetime import date

from flask import url_for
from markupsafe import Markup

from app.console.audit_nominations import simple
from app.console.audit_words import Sentence, Words, fmt, link

FIELD_WORDS = {"decided_on": "会议日期", "meeting": "会议名称", "attendees": "参会人员"}


def _list_link(text: str = "入围名单") -> Markup:
    return link(url_for("console.shortlist"), text)


def _meeting(d: dict, w: Words) -> Markup:
    """“7月20日 选树活动领导小组第二次会议”, from the entry's own data (decisions are few and rarely renamed)."""
    try:
        day = w.day(date.fromisoformat(d["decided_on"])) if d.get("decided_on") else ""
    except ValueError:
        day = ""
    meeting = d.get("meeting") or ""
    return fmt("{}{}{}", day, " " if day and meeting else "", fmt("“{}”", meeting) if meeting else "")


def _decision_saved(d, _t, w, _e):
    meeting = _meeting(d, w)
    text = fmt("记录了{}的领导小组决定", _list_link()) + (fmt("：{}", meeting) if meeting else "")
    changed = [words for f, words in FIELD_WORDS.items() if f in (d.get("changed") or [])]
    if changed:
        text += fmt("（填写或修改了{}）", "、".join(changed))
    if d.get("minutes"):
        text += fmt("，上传会议纪要“{}”", d["minutes"])
    return text


def _confirm(d, _t, w, _e):
    meeting = _meeting(d, w)
    text = fmt("确认了{}", _list_link()) + (fmt("（依据领导小组决定：{}）", meeting) if meeting else "")
    if "finalists" in d:
        text += fmt("：入围 {} 人，未入围 {} 人", d["finalists"], d.get("not_shortlisted", 0))
    if d.get("stories_published"):
        text += fmt("；公开发布了 {} 位入围对象的事迹", d["stories_published"])
    if d.get("notified"):
        text += fmt("；发出通知 {} 条", d["notified"])
    return text


def _reopen(d, _t, w, _e):
    meeting = _meeting(d, w)
    text = fmt("重新开放了已确认的{}", _list_link()) + (fmt("（原依据：{}）", meeting) if meeting else "")
    if "reverted" in d:
        text += fmt("，{} 人恢复为“审核合格”", d["reverted"])
    if d.get("stories_hidden"):
        text += fmt("，撤下 {} 位入围对象的事迹", d["stories_hidden"])
    if d.get("unchanged"):
        text += fmt("；{} 人状态已另有变化，未改动", len(d["unchanged"]))
    return text


SHORTLIST_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "shortlist.pick": ("入围名单：选入", simple("将 {} 选入入围名单（待确认）")),
    "shortlist.unpick": ("入围名单：移出", simple("将 {} 移出入围名单（待确认）")),
    "shortlist.decision_saved": ("入围名单：记录领导小组决定", _decision_saved),
    "shortlist.confirm": ("入围名单：确认", _confirm),
    "shortlist.reopen": ("入围名单：重新开放", _reopen),
}
