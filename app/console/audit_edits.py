"""The operation log's sentences about changes to a nomination after submission: the organizers' corrections
(each changed field with its before and after, private values as they were masked when recorded) and the
resubmission after review returned it for more."""
from __future__ import annotations

from datetime import date

from markupsafe import Markup

from app.console.audit_words import Sentence, fmt
from app.services.nominations.rules import LABELS as FIELD_LABELS

PRIVATE = {"mobile", "birth_month", "political_status"}
# Long texts are shown around what changed (a typo in a story of 1,500 characters), not in full.
CONTEXT = 12
SHORT = 60


def _month(value: str) -> str:
    year, _, month = value.partition("-")
    return f"{year}年{int(month)}月" if month.isdigit() else value


def _excerpts(before: str, after: str) -> tuple[str, str]:
    """Both texts cut to what differs, with a little context either side."""
    if len(before) <= SHORT and len(after) <= SHORT:
        return before, after
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while (end < min(len(before), len(after)) - start
           and before[len(before) - 1 - end] == after[len(after) - 1 - end]):
        end += 1

    def cut(text: str) -> str:
        left, right = max(start - CONTEXT, 0), min(len(text) - end + CONTEXT, len(text))
        middle = text[left:right]
        if right - left > SHORT * 2:
            middle = middle[:SHORT] + "…" + middle[-SHORT // 2:]
        return ("…" if left else "") + middle + ("…" if right < len(text) else "")
    return cut(before), cut(after)


def _value(field: str, value) -> str:
    if value is None or value == "":
        return "（空）"
    if field == "trade_since" and isinstance(value, str):
        return _month(value)
    return str(value)


def _change(change: dict) -> Markup:
    field = change.get("field")
    label = FIELD_LABELS.get(field, "其他信息")
    before, after = _value(field, change.get("before")), _value(field, change.get("after"))
    if isinstance(change.get("before"), str) and isinstance(change.get("after"), str):
        before, after = _excerpts(before, after)
    private = fmt("<small class=\"muted\">（个人信息，已遮挡）</small>") if field in PRIVATE else ""
    return fmt("<li>{}：{} → {}{}</li>", label, before, after, private)


def _corrected(d, t, w, _e):
    changes = [c for c in d.get("changes") or [] if isinstance(c, dict)]
    items = Markup("").join(_change(c) for c in changes)
    return fmt("更正了 {} 的推荐信息（{} 项）：<ul class=\"changes\">{}</ul>", w.nomination(t), len(changes), items)


def _resubmit(d, t, w, _e):
    by = fmt("以 {} 名义", w.organization(d["org_id"])) if d.get("org_id") else ""
    deadline = ""
    if d.get("resubmit_by"):
        deadline = fmt("（补充截止 {}）", w.day(date.fromisoformat(d["resubmit_by"])))
    return by + fmt("补充并重新提交了 {} 的推荐{}，回到考察审核", w.nomination(t), deadline)


EDIT_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "nomination.corrected": ("更正推荐信息", _corrected),
    "nomination.resubmit": ("补充后重新提交", _resubmit),
}
