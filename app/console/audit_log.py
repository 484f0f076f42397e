"""The audit log viewer: filter by action, actor, target and date; paged; read-only; each entry a sentence."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import render_template, request

from app.console import audit_sentences
from app.console.audit_words import SYSTEM_ACTORS
from app.console.blueprint import bp
from app.console.session import page_arg, requires
from app.extensions import db
from app.models import User
from app.services import audit
from app.services.campaigns import stages

PER_PAGE = 50
# The 操作人 filter takes what the page shows: 命令行 finds the entries of "cli".
SYSTEM_ACTOR_CODES = {name: code for code, name in reversed(SYSTEM_ACTORS.items())}
TARGET_TYPES = (("campaign", "活动"), ("nomination", "推荐对象"), ("organization", "组织"), ("user", "账号"),
                ("lead", "推荐线索"), ("export", "导出"), ("like_flag", "点赞风险标记"), ("endorsement", "单位认可"),
                ("invitation", "邀请码"))


def _day(raw: str | None, tz: ZoneInfo, *, end: bool = False) -> datetime | None:
    try:
        day = date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    if day is None:
        return None
    if end:
        day += timedelta(days=1)
    # Stored times are UTC (SQLite keeps only the digits), so compare in UTC.
    return datetime.combine(day, time.min, tz).astimezone(timezone.utc)


@bp.get("/audit")
@requires("audit.view")
def audit_log():
    campaign = stages.current_campaign()
    tz = ZoneInfo(campaign.timezone)
    args = {k: (request.args.get(k) or "").strip() for k in ("action", "actor", "target_type", "target_id",
                                                              "since", "until")}
    page = page_arg()
    actor = SYSTEM_ACTOR_CODES.get(args["actor"], args["actor"])
    entries, total = audit.search(action=args["action"] or None, actor=actor or None,
                                  target_type=args["target_type"] or None, target_id=args["target_id"] or None,
                                  since=_day(args["since"], tz), until=_day(args["until"], tz, end=True),
                                  page=page, per_page=PER_PAGE)
    return render_template("console/audit.html", rows=audit_sentences.rows(entries, campaign), total=total,
                           page=page, per_page=PER_PAGE, args=args, actions=audit.known_actions(),
                           label=audit_sentences.label, target_types=TARGET_TYPES)


@bp.app_template_filter("action_label")
def action_label(action: str) -> str:
    return audit_sentences.label(action)


@bp.app_template_filter("actor_name")
def actor_name(entry) -> str:
    if entry.actor_user_id:
        user = db.session.get(User, entry.actor_user_id)
        if user is not None:
            return user.display_name
    return SYSTEM_ACTORS.get(entry.actor_label, entry.actor_label)
