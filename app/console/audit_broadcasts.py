"""The operation log's sentences about broadcast notices (群发通知)."""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from app.console.audit_words import Sentence, fmt, link


def _notice(d, t) -> Markup:
    """The notice by its title (as it was then), linked to its page."""
    try:
        href = url_for("console.broadcast_page", broadcast_id=int(t))
    except (TypeError, ValueError):
        return fmt("群发通知《{}》", d.get("title") or "")
    return fmt("群发通知{}", link(href, f"《{d.get('title') or f'第{t}条'}》"))


def _to(d) -> Markup:
    return fmt("（收件人：{}）", d["audience"]) if d.get("audience") else Markup("")


def _created(d, t, _w, _e):
    return fmt("撰写了{}{}", _notice(d, t), _to(d))


def _sent(d, t, _w, _e):
    count = d.get("recipients")
    many = fmt("，共 {} 人", count) if count else Markup("")
    return fmt("立即发送{}{}{}", _notice(d, t), _to(d), many)


def _scheduled(d, t, w, _e):
    when = w.moment(d["at"]) if d.get("at") else "某个时间"
    return fmt("设置{}{}于 {} 定时发送", _notice(d, t), _to(d), when)


def _sent_on_schedule(d, t, w, _e):
    when = w.moment(d["at"]) if d.get("at") else "预定时间"
    return fmt("{}按计划于 {} 开始发送{}", _notice(d, t), when, _to(d))


def _cancelled(d, t, _w, _e):
    return fmt("取消了{}的发送", _notice(d, t))


def _finished(d, t, _w, _e):
    parts = fmt("{}发送完毕：送达 {} 条，跳过 {} 条，失败 {} 条", _notice(d, t), d.get("sent", 0),
                d.get("skipped", 0), d.get("failed", 0))
    mass = {"submitted": "，公众号群发已提交微信", "failed": "，公众号群发失败"}.get(d.get("mass") or "")
    return parts + (mass or "")


BROADCAST_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "broadcast.created": ("撰写群发通知", _created),
    "broadcast.sent": ("发送群发通知", _sent),
    "broadcast.scheduled": ("定时发送群发通知", _scheduled),
    "broadcast.sent_on_schedule": ("定时群发开始", _sent_on_schedule),
    "broadcast.cancelled": ("取消群发通知", _cancelled),
    "broadcast.finished": ("群发通知发送完毕", _finished),
}
