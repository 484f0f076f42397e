"""The template registry: for each event and WeChat channel, the template, its keywords and the page.

A template (what the organizers picked in the 公众平台 library) has an id per account and keywords with
types (thing1, name2 …); each keyword's value is a Python format string over the event's data plus
`title`, `body`, `now` and the event's own `values` (e.g. the status word). The defaults below group
the events onto three mini-program templates, so a user taps 允许 for a handful of templates, not one
per event. NOTIFY_TEMPLATES (inline JSON or a path to a JSON file) replaces templates and events by
key; without it the defaults apply only with the WeChat emulator (real template ids are per account).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from flask import current_app

from app.services.notifications.fields import FieldValueError, fit, kind_of

WECHAT_CHANNELS = ("subscribe", "mp_template")

# The kinds of notice users switch on or off per channel (the inbox always keeps a copy).
KINDS = {
    "progress": "申报进度",
    "results": "评选结果",
    "activity": "活动动态",
    "objections": "公示异议",
    "broadcast": "通知公告",
}

DEFAULT_TEMPLATES: dict[str, dict] = {
    "progress": {"channel": "subscribe", "template_id": "emu-tpl-progress", "title": "申报进度通知",
                 "fields": {"thing1": "{title}", "name2": "{nominee}", "phrase3": "{status}",
                            "thing4": "{body}", "time5": "{now}"}},
    "result": {"channel": "subscribe", "template_id": "emu-tpl-result", "title": "评选结果通知",
               "fields": {"thing1": "{campaign_title}", "name2": "{nominee}", "thing3": "{title}",
                          "thing4": "{body}"}},
    "activity": {"channel": "subscribe", "template_id": "emu-tpl-activity", "title": "活动进度提醒",
                 "fields": {"thing1": "{title}", "thing2": "{body}", "time3": "{now}"}},
}

_P = "pages/my-nominations/index"
_R = "pages/results/index"


def _sub(template: str, page: str, kind: str, **values: str) -> dict:
    return {"subscribe": {"template": template, "page": page, "values": values}, "kind": kind}


DEFAULT_EVENTS: dict[str, dict] = {
    "nomination_received": _sub("progress", _P, "progress", status="已提交"),
    "nomination_resubmitted": _sub("progress", _P, "progress", status="已补充"),
    "nomination_corrected": _sub("progress", _P, "progress", status="已更正"),
    "nomination_invitation": _sub("activity", "pages/invitation/index", "progress"),
    "invitation_claimed": _sub("progress", _P, "progress", status="已关联"),
    "lead_followed_up": _sub("activity", "pages/nominees/index", "activity"),
    "endorsement_requested": _sub("activity", "pages/representative/index", "progress"),
    "endorsement_confirmed": _sub("progress", _P, "progress", status="已认可"),
    "endorsement_declined": _sub("progress", _P, "progress", status="未认可"),
    "endorsement_awaiting_check": _sub("progress", _P, "progress", status="待核实"),
    "endorsement_check_refused": _sub("progress", _P, "progress", status="未通过"),
    "review_passed": _sub("progress", _P, "progress", status="审核通过"),
    "review_rejected": _sub("progress", _P, "progress", status="未通过"),
    "review_returned": _sub("progress", _P, "progress", status="需补充"),
    "shortlisted": _sub("result", _P, "results"),
    "not_shortlisted": _sub("result", _P, "results"),
    "promotion_published": _sub("activity", "pages/articles/index", "activity"),
    "result_top": _sub("result", _R, "results"),
    "result_winner": _sub("result", _R, "results"),
    "result_not_selected": _sub("result", _R, "results"),
    "result_disqualified": _sub("result", _R, "results"),
    "result_promoted": _sub("result", _R, "results"),
    "public_notice_opened": _sub("activity", _R, "activity"),
    "objection_received": _sub("activity", "pages/objection/index", "objections"),
    "objection_answered": _sub("activity", "pages/objection/index", "objections"),
    "objection_outcome": _sub("activity", _R, "objections"),
    "award_details": _sub("result", "pages/honour-roll/index", "results"),
    "stage_opened": _sub("activity", "pages/index/index", "activity"),
    "broadcast": _sub("activity", "pages/index/index", "broadcast"),
    # Console-only events (organizers, experts) have no WeChat template: the inbox only.
    "endorsement_needs_check": {"kind": "progress"},
    "representative_joined": {"kind": "progress"},
    "representative_revoked": {"kind": "progress"},
    "panel_round_opened": {"kind": "activity"},
    "panel_reminder": {"kind": "activity"},
}


@dataclass(frozen=True)
class Template:
    key: str
    channel: str
    template_id: str
    title: str
    fields: dict[str, str]  # keyword → format string


@dataclass(frozen=True)
class Route:
    """How one event goes out on one WeChat channel."""
    template: Template
    page: str | None
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Registry:
    templates: dict[str, Template]
    events: dict[str, dict]

    def kind_of_event(self, event: str) -> str:
        return self.events.get(event, {}).get("kind", "activity")

    def route(self, event: str, channel: str) -> Route | None:
        spec = self.events.get(event, {}).get(channel)
        if not spec:
            return None
        template = self.templates.get(spec.get("template", ""))
        if template is None or template.channel != channel or not template.template_id:
            return None
        return Route(template, spec.get("page"), dict(spec.get("values") or {}))

    def channel_templates(self, channel: str) -> list[Template]:
        return [t for t in self.templates.values() if t.channel == channel and t.template_id]


def load(raw: str, *, defaults: bool) -> Registry:
    """The registry from NOTIFY_TEMPLATES (JSON, or a path to a JSON file) over the defaults when asked."""
    templates = {k: dict(v) for k, v in DEFAULT_TEMPLATES.items()} if defaults else {}
    events = {k: dict(v) for k, v in DEFAULT_EVENTS.items()}
    if not defaults:  # without real template ids, the events keep only their kind
        events = {k: {"kind": v.get("kind", "activity")} for k, v in events.items()}
    if raw.strip():
        text = raw if raw.lstrip().startswith("{") else Path(raw).read_text(encoding="utf-8")
        custom = json.loads(text)
        templates.update(custom.get("templates", {}))
        events.update(custom.get("events", {}))
    built = {}
    for key, spec in templates.items():
        for keyword in spec["fields"]:
            kind_of(keyword)  # a misspelt keyword fails at start, not at the first message
        built[key] = Template(key, spec.get("channel", "subscribe"), spec.get("template_id", ""),
                              spec.get("title", key), dict(spec["fields"]))
    return Registry(built, events)


def get_registry() -> Registry:
    registry = current_app.extensions.get("notify_registry")
    if registry is None:
        cfg = current_app.config
        registry = load(cfg.get("NOTIFY_TEMPLATES", ""), defaults=bool(cfg.get("WECHAT_EMULATOR")))
        current_app.extensions["notify_registry"] = registry
    return registry


EMPTY = {"thing": "—", "name": "—", "phrase": "无"}  # what an empty keyword shows


class _Values(dict):
    def __missing__(self, key: str) -> str:
        return ""  # a keyword naming data an event lacks stays empty rather than failing


def render(route: Route, title: str, body: str, data: dict, now: datetime) -> dict[str, dict[str, str]]:
    """The `data` member of the message: each keyword's value fitted to its type (FieldValueError if impossible)."""
    values = _Values({"campaign_title": "寻找身边的港城工匠", **data, **route.values,
                      "title": title, "body": body, "now": now})
    out = {}
    for keyword, source in route.template.fields.items():
        kind = kind_of(keyword)
        value = values["now"] if source == "{now}" else source.format_map(values)
        if kind not in ("time", "date") and not str(value).strip():
            value = EMPTY.get(kind, value)
        out[keyword] = {"value": fit(kind, value)}
    return out


# When the mini-program asks (wx.requestSubscribeMessage takes at most 3 templates at a time).
MOMENTS = {
    "after_nomination": ("progress", "result", "activity"),
    "after_endorsement": ("progress",),
    "results": ("result", "activity"),
}


def public_catalogue() -> dict:
    """The subscribe templates and the moments the mini-program asks for them (a public read)."""
    registry = get_registry()
    templates = {t.key: t for t in registry.channel_templates("subscribe")}
    return {
        "templates": [{"key": t.key, "template_id": t.template_id, "title": t.title} for t in templates.values()],
        "moments": {moment: [templates[key].template_id for key in keys if key in templates][:3]
                    for moment, keys in MOMENTS.items()},
    }
