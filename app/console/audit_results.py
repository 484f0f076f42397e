"""The operation log's sentences about results (评选结果), the public notice (公示) and objections (异议)."""
from __future__ import annotations

from datetime import date

from flask import url_for
from markupsafe import Markup

from app.console.audit_words import Sentence, fmt, join, link
from app.models import OBJECTION_RELATIONS, RESULT_GROUP_LABELS

ANSWERS = {"not_upheld": "不予支持", "upheld": "予以支持"}


def _results_link(text: str = "评选结果") -> Markup:
    return link(url_for("console.results_page"), text)


def _objection(t) -> Markup:
    return link(url_for("console.objection_page", objection_id=t), f"第{t}号异议") if str(t or "").isdigit() \
        else Markup("一条异议")


def _confirm(d, _t, _w, _e):
    text = fmt("确认了{}", _results_link())
    if "top_winner" in d:
        text += fmt("：港城十大工匠 {} 人，港城工匠 {} 人，未当选 {} 人", d["top_winner"], d.get("winner", 0),
                    d.get("not_selected", 0))
    if d.get("notified"):
        text += fmt("；发出通知 {} 条", d["notified"])
    return text


def _publish(d, _t, w, _e):
    text = fmt("发布了{}公示", _results_link())
    try:
        text += fmt("，公示期 {} 至 {}", w.day(date.fromisoformat(d["starts_on"])), w.day(date.fromisoformat(d["ends_on"])))
    except (KeyError, TypeError, ValueError):
        pass
    if d.get("working_days"):
        text += fmt("（{} 个工作日）", d["working_days"])
    if d.get("notified"):
        text += fmt("，已通知 {} 人", d["notified"])
    return text


def _created(d, t, w, _e):
    relation = OBJECTION_RELATIONS.get(d.get("relation"))
    return fmt("对 {} 提出了{}", w.nomination(d.get("nomination_id")), _objection(t)) + (
        fmt("（自称{}）", relation) if relation else "")


def _evidence(_d, t, _w, _e):
    return fmt("为{}补充了证明材料", _objection(t))


def _note(d, t, _w, _e):
    text = fmt("记录了{}的核查情况", _objection(t))
    if d.get("files"):
        text += fmt("，附核查材料 {} 个", d["files"])
    return text


def _answer(d, t, w, _e):
    answer = ANSWERS.get(d.get("outcome"), "")
    text = fmt("答复了{}（关于 {}）", _objection(t), w.nomination(d.get("nomination_id")))
    if answer:
        text += fmt("：{}", answer)
    if d.get("to") == "disqualified":
        text += fmt("，取消其“{}”资格", RESULT_GROUP_LABELS.get(d.get("group"), "当选"))
    return text


def _promote(d, _t, w, _e):
    text = fmt("作出递补决定：{} 被取消资格后", w.nomination(d.get("nomination_id")))
    moves = [fmt("{}（第 {} 名）递补为“{}”", m.get("name") or "一位入围对象", m.get("rank") or "?",
                 RESULT_GROUP_LABELS.get(m.get("to"), "当选"))
             for m in d.get("moves") or [] if isinstance(m, dict)]
    return text + (join(moves) if moves else Markup("按排名递补"))


RESULT_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "results.confirm": ("评选结果：确认", _confirm),
    "results.publish": ("评选结果：发布公示", _publish),
    "results.promote": ("评选结果：递补", _promote),
    "objection.create": ("公示异议：提出", _created),
    "objection.evidence_added": ("公示异议：补充证明材料", _evidence),
    "objection.note_added": ("公示异议：记录核查情况", _note),
    "objection.answer": ("公示异议：答复", _answer),
}
