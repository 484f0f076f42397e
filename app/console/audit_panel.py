"""The operation log's sentences about the panel (评议组): members, assignments, rounds, sheets, ties and the
confirmed ranking. Sheets are logged without their figures: experts must not read each other's scores."""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from app.console.audit_words import Sentence, Words, fmt, link
from app.models import CONFLICT_KINDS, MEMBER_KINDS, ROUND_KINDS


def _panel(text: str = "评议组") -> Markup:
    return link(url_for("console.panel_page"), text)


def _ranking(text: str = "评议排名") -> Markup:
    return link(url_for("console.panel_ranking"), text)


def _names(ids, w: Words) -> Markup:
    return Markup("、").join(w.nomination(i) for i in ids or [])


def _round(d) -> str:
    return f"第 {d.get('round', '?')} 轮{ROUND_KINDS.get(d.get('kind') or 'main', '评议')}"


def _member_added(d, t, w, _e):
    about = "，".join(x for x in (d.get("unit") or "", MEMBER_KINDS.get(d.get("kind"), "")) if x)
    text = fmt("将 {} 加入{}", w.account(t), _panel()) + (fmt("（{}）", about) if about else "")
    return text + (fmt("，任评议组组长") if d.get("chair") else "")


def _round_opened(d, _t, w, _e):
    text = fmt("开始了{}", _round(d))
    if d.get("kind") == "tiebreak":
        text += fmt("：第 {} 名分界处并列的 {}", d.get("boundary") or "?", _names(d.get("nomination_ids"), w))
    return text


def _sheet(verb: str) -> Sentence:
    def sentence(d, t, w, _e):
        return fmt("{} {} 的评分（第 {} 轮）", verb, w.nomination(t), d.get("round", "?"))
    return sentence


def _conflict(d, t, w, _e):
    kind = CONFLICT_KINDS.get(d.get("conflict"), "其他")
    return fmt("申明与 {} 存在利益关系（{}），回避评分（第 {} 轮）", w.nomination(t), kind, d.get("round", "?"))


def _tie_decided(d, _t, w, _e):
    return fmt("记录了评议组组长 {} 对第 {} 名分界处并列的裁定，名次依次为：{}", w.person(d.get("user_id")),
               d.get("boundary") or "?", _names(d.get("order"), w))


def _tie_round(d, _t, w, _e):
    return fmt("为第 {} 名分界处并列的 {} 发起加评（第 {} 轮）", d.get("boundary") or "?", _names(d.get("nomination_ids"), w),
               d.get("round", "?"))


def _confirmed(d, _t, w, _e):
    basis = "专家标准化均分" if d.get("basis") == "normalised" else "原始均分"
    text = fmt("确认了{}（按{}），共 {} 人", _ranking(), basis, d.get("count", 0))
    if d.get("top"):
        text += fmt("；前列：{}", _names(d["top"], w))
    return text


PANEL_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "panel.member_added": ("评议组：添加成员", _member_added),
    "panel.member_removed": ("评议组：移出成员", lambda d, t, w, e: fmt("将 {} 移出{}", w.account(t), _panel())),
    "panel.chair_set": ("评议组：指定组长", lambda d, t, w, e: fmt("指定 {} 为评议组组长", w.account(t))),
    "panel.assigned": ("评议组：分配入围对象", lambda d, t, w, e: fmt(
        "将 {} 分配给评议专家 {}", w.nomination(t), w.person(d.get("user_id")))),
    "panel.unassigned": ("评议组：取消分配", lambda d, t, w, e: fmt(
        "取消了评议专家 {} 对 {} 的评议分配", w.person(d.get("user_id")), w.nomination(t))),
    "panel.assigned_all": ("评议组：全部分配", lambda d, t, w, e: fmt(
        "将全部入围对象分配给{}每位成员（新增 {} 项）", _panel(), d.get("added", 0))),
    "panel.round_opened": ("专家评议：开始", _round_opened),
    "panel.round_closed": ("专家评议：结束", lambda d, t, w, e: fmt("结束了第 {} 轮评议", d.get("round", "?"))),
    "panel.reminded": ("专家评议：提醒", lambda d, t, w, e: fmt(
        "提醒了 {} 位尚未完成评分的评议专家（第 {} 轮）", d.get("count", 0), d.get("round", "?"))),
    "panel.score_saved": ("专家评议：暂存评分", _sheet("暂存了对")),
    "panel.score_submitted": ("专家评议：提交评分", _sheet("提交了对")),
    "panel.conflict_declared": ("专家评议：申明回避", _conflict),
    "panel.tie_round": ("评议排名：并列加评", _tie_round),
    "panel.tie_decided": ("评议排名：组长裁定并列", _tie_decided),
    "panel.ranking_confirmed": ("评议排名：确认", _confirmed),
    "panel.ranking_exported": ("评议排名：导出", lambda d, t, w, e: fmt(
        "导出了{}工作簿（{} 人）", _ranking(), d.get("rows", 0))),
}
