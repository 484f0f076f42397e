"""Writing a broadcast, previewing it to oneself, sending it now or at a time, and cancelling a scheduled one.

Every step is checked here (the console only passes what was typed): a refused form is a Chinese 400
naming each field, and nothing changes. Created, scheduled, cancelled and sent are written to the audit log.
"""
from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import Broadcast, Campaign, User
from app.models.base import as_utc, utcnow
from app.services import audit, content_check, jobs
from app.services.accounts import permissions
from app.services.broadcasts import audiences
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found
from app.services.notifications import outbox

log = logging.getLogger(__name__)
TITLE_MAX, BODY_MAX = 40, 2000
# A page of the mini-program, as app.json names it, with an optional query ("pages/nominee/index?id=3").
PAGE_PATTERN = re.compile(r"pages/[A-Za-z0-9_/-]{1,100}(\?[A-Za-z0-9_=&%.-]{1,90})?")
CHANNEL_LABELS = {"inbox": "小程序站内消息", "subscribe": "小程序订阅消息", "mp_template": "公众号模板消息",
                  "mp_custom": "公众号客服消息", "mass": "公众号群发"}
WAKE_KEY = "broadcasts_wake_in"
SEND_KEY = "broadcasts_send"


def per_user_channels() -> dict[str, str]:
    """The channels a per-user broadcast may use: those the outbox can deliver (the inbox always)."""
    return {name: CHANNEL_LABELS.get(name, name) for name in outbox.CHANNEL_HANDLERS}


def _require(user: User | None) -> User:
    permissions.require(user, "broadcasts.manage")
    return user


def _validated(form: dict) -> dict:
    errors: dict[str, str] = {}
    title = str(form.get("title") or "").strip()
    body = str(form.get("body") or "").strip()
    page = str(form.get("page") or "").strip().lstrip("/") or None
    if not title:
        errors["title"] = "请填写标题"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"标题不超过 {TITLE_MAX} 个字"
    if not body:
        errors["body"] = "请填写正文"
    elif len(body) > BODY_MAX:
        errors["body"] = f"正文不超过 {BODY_MAX} 个字"
    if page is not None and not PAGE_PATTERN.fullmatch(page):
        errors["page"] = "小程序页面路径应形如 pages/results/index（可带 ?id=1 这样的参数）"
    try:
        audience = audiences.clean(form.get("audience"))
    except DomainError as exc:
        errors.update(exc.details["fields"])
        audience = {}
    channels = ["mass"] if audiences.is_mass(audience) else ["inbox"]
    if audience and not audiences.is_mass(audience):
        wanted = [str(c) for c in (form.get("channels") or [])]
        unknown = [c for c in wanted if c not in per_user_channels()]
        if unknown:
            errors["channels"] = "不支持的发送渠道：" + "、".join(unknown)
        channels += sorted(set(wanted) - {"inbox"} - set(unknown))
    if errors:
        raise DomainError("validation_error", "群发通知填写有误：" + "；".join(errors.values()), 400,
                          details={"fields": errors})
    content_check.require_clean({"title": title, "body": body}, {"title": "标题", "body": "正文"})
    return {"title": title, "body": body, "page": page, "audience": audience, "channels": channels,
            "public": bool(form.get("public", True))}


def load(broadcast_id: int) -> Broadcast:
    broadcast = db.session.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise not_found("群发通知")
    return broadcast


def _audit_data(broadcast: Broadcast, **extra) -> dict:
    return {"title": broadcast.title, "audience": audiences.describe(broadcast.audience),
            "channels": list(broadcast.channels), **extra}


def create(user: User, form: dict) -> Broadcast:
    """A draft from the compose form."""
    _require(user)
    values = _validated(form)
    campaign = stages.current_campaign()
    broadcast = Broadcast(campaign_id=campaign.id, state="draft", created_by_id=user.id, report={}, **values)
    db.session.add(broadcast)
    db.session.flush()
    audit.record("broadcast.created", "broadcast", broadcast.id, actor=user, data=_audit_data(broadcast))
    db.session.commit()
    return broadcast


def update(user: User, broadcast_id: int, form: dict) -> Broadcast:
    """Change a draft (or a scheduled one, which stays scheduled)."""
    _require(user)
    broadcast = load(broadcast_id)
    if broadcast.state not in ("draft", "scheduled"):
        raise DomainError("broadcast_locked", "这条通知已开始发送或已取消，不能再修改", 409)
    values = _validated(form)
    for name, value in values.items():
        setattr(broadcast, name, value)
    db.session.commit()
    return broadcast


def recipient_count(broadcast: Broadcast) -> int | None:
    return audiences.count(broadcast.audience, _campaign(broadcast))


def preview(user: User, broadcast_id: int) -> None:
    """A copy to the organizer's own inbox only, marked as a preview; nobody else sees it."""
    _require(user)
    broadcast = load(broadcast_id)
    outbox.notify("broadcast", [user], {"title": f"【预览】{broadcast.title}", "body": broadcast.body,
                                        "page": broadcast.page, "preview_of": broadcast.id})
    db.session.commit()


def _start(broadcast: Broadcast, now: datetime) -> None:
    """Sending begins: the audience is counted for the progress bar; the worker is asked to fan out."""
    broadcast.state = "sending"
    broadcast.started_at = now
    broadcast.cursor = 0
    broadcast.recipient_count = audiences.count(broadcast.audience, _campaign(broadcast)) or 0
    if audiences.is_mass(broadcast.audience):
        broadcast.mass = {"status": "pending", "clientmsgid": f"broadcast-{broadcast.id}"}
    db.session.info.setdefault(SEND_KEY, set()).add(broadcast.id)


def _campaign(broadcast: Broadcast) -> Campaign | None:
    return db.session.get(Campaign, broadcast.campaign_id) if broadcast.campaign_id else None


def send_now(user: User, broadcast_id: int, now: datetime | None = None) -> Broadcast:
    _require(user)
    now = now or utcnow()
    broadcast = load(broadcast_id)
    if broadcast.state not in ("draft", "scheduled"):
        raise DomainError("broadcast_not_sendable", "这条通知已发送、正在发送或已取消", 409)
    if not audiences.is_mass(broadcast.audience) and not recipient_count(broadcast):
        raise DomainError("empty_audience", f"“{audiences.describe(broadcast.audience)}”目前没有人，无法发送", 409)
    _start(broadcast, now)
    audit.record("broadcast.sent", "broadcast", broadcast.id, actor=user,
                 data=_audit_data(broadcast, recipients=broadcast.recipient_count))
    db.session.commit()
    return broadcast


def parse_local(campaign_timezone: str, text: str | None) -> datetime | None:
    """A time typed in the console ("2019-10-08T09:00"), read in the campaign's time zone."""
    if not text or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError("validation_error", "发送时间格式不正确", 400,
                          details={"fields": {"scheduled_at": "请填写日期和时间"}}) from None
    return moment.replace(tzinfo=ZoneInfo(campaign_timezone)) if moment.tzinfo is None else moment


def schedule(user: User, broadcast_id: int, at: datetime | None, now: datetime | None = None) -> Broadcast:
    """Send at a later time (the worker is woken then; its start-up sweep catches a lost wake-up)."""
    _require(user)
    now = now or utcnow()
    broadcast = load(broadcast_id)
    if broadcast.state not in ("draft", "scheduled"):
        raise DomainError("broadcast_not_sendable", "这条通知已发送、正在发送或已取消", 409)
    if at is None or as_utc(at) <= now:
        raise DomainError("validation_error", "定时发送的时间须晚于现在", 400,
                          details={"fields": {"scheduled_at": "请选择一个将来的时间"}})
    broadcast.state = "scheduled"
    # Stored in UTC: SQLite keeps a time's digits and drops its offset.
    broadcast.scheduled_at = as_utc(at).astimezone(timezone.utc)
    audit.record("broadcast.scheduled", "broadcast", broadcast.id, actor=user,
                 data=_audit_data(broadcast, at=broadcast.scheduled_at.isoformat()))
    wake_in = (broadcast.scheduled_at - now).total_seconds() + 1
    db.session.info[WAKE_KEY] = min(wake_in, db.session.info.get(WAKE_KEY, wake_in))
    db.session.commit()
    return broadcast


def cancel(user: User, broadcast_id: int, reason: str | None = None) -> Broadcast:
    """Cancel a scheduled (or draft) notice; one that has begun sending cannot be called back."""
    _require(user)
    broadcast = load(broadcast_id)
    if broadcast.state not in ("draft", "scheduled"):
        raise DomainError("broadcast_not_cancellable", "这条通知已开始发送或已取消，不能取消", 409)
    broadcast.state = "cancelled"
    broadcast.cancelled_at = utcnow()
    audit.record("broadcast.cancelled", "broadcast", broadcast.id, actor=user,
                 reason=(reason or "").strip()[:200] or None, data=_audit_data(broadcast))
    db.session.commit()
    return broadcast


def start_due(now: datetime | None = None) -> list[int]:
    """Scheduled broadcasts whose time has come begin sending (never before their time); their ids."""
    now = now or utcnow()
    due = list(db.session.scalars(sa.select(Broadcast).where(Broadcast.state == "scheduled",
                                                             Broadcast.scheduled_at <= now)
                                  .order_by(Broadcast.scheduled_at, Broadcast.id).with_for_update(skip_locked=True)))
    for broadcast in due:
        _start(broadcast, now)
        audit.record("broadcast.sent_on_schedule", "broadcast", broadcast.id, actor_label="worker",
                     data=_audit_data(broadcast, recipients=broadcast.recipient_count,
                                      at=as_utc(broadcast.scheduled_at).isoformat()))
    db.session.info.pop(SEND_KEY, None)  # the caller runs them itself
    db.session.commit()
    return [b.id for b in due]


def _enqueue(name: str, *args, delay_seconds: float | None = None) -> None:
    try:
        jobs.enqueue(name, *args, delay_seconds=delay_seconds)
    except Exception:  # noqa: BLE001 - committed; the worker's start-up sweep picks it up
        log.warning("could not enqueue %s; the worker sweep will pick it up", name, exc_info=True)


@sa.event.listens_for(so.Session, "after_commit")
def _wake_after_commit(session: so.Session) -> None:
    delay = session.info.pop(WAKE_KEY, None)
    if delay is not None:
        _enqueue("broadcasts.send_due", delay_seconds=delay)
    for broadcast_id in sorted(session.info.pop(SEND_KEY, set())):
        _enqueue("broadcasts.send", broadcast_id)


@sa.event.listens_for(so.Session, "after_rollback")
def _forget_after_rollback(session: so.Session) -> None:
    session.info.pop(WAKE_KEY, None)
    session.info.pop(SEND_KEY, None)
