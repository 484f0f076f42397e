"""notify(): the outbox written in the caller's transaction, delivered later by the worker."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import Notification, User
from app.models.base import as_utc, utcnow
from app.services import jobs
from app.services.notifications import official_account

log = logging.getLogger(__name__)

# Every event people are told about (DESIGN.md section 8): title and body templates in Chinese.
EVENTS: dict[str, tuple[str, str]] = {
    "nomination_received": ("推荐申报已收到", "{nominee}的推荐表已提交，我们会尽快审核。"),
    "nomination_resubmitted": ("补充材料已重新提交", "{nominee}的推荐已按要求补充并重新提交（补充截止{deadline}），请继续审核。"),
    "nomination_corrected": ("推荐信息已更正", "市总工会更正了{nominee}推荐表中的{fields}。原因：{reason}"),
    "nomination_invitation": ("请核对推荐信息", "{organization}推荐您参加“港城工匠”选树，请在小程序中核对并完善您的资料。"),
    "invitation_claimed": ("被推荐人已确认", "{nominee}已用邀请码关联本人账号，可以核对并完善资料。"),
    "lead_followed_up": ("推荐线索有进展", "您推荐的{name}已开始申报“港城工匠”，感谢您的推荐。"),
    "endorsement_requested": ("待确认的单位认可", "{nominee}申请参加“港城工匠”选树，请确认是否认可。"),
    "endorsement_confirmed": ("单位已认可", "{organization}已认可{nominee}的自荐申报。"),
    "endorsement_declined": ("单位未予认可", "{organization}未认可{nominee}的自荐申报：{comment}"),
    "endorsement_awaiting_check": ("单位意见待核实", "{organization}对{nominee}自荐申报的意见已由{signer}（{post}）提交，"
                                   "市总工会核实后生效。"),
    "endorsement_needs_check": ("单位认可待核实", "{nominee}的单位认可由{signer}（{post}）代表{organization}提交，"
                                "未经核实，请核对盖章认可函。"),
    "endorsement_check_refused": ("单位认可未通过核实", "{nominee}的单位认可未通过核实：{reason}。"
                                  "请重新出示认可码，由单位负责人扫码确认。"),
    "representative_joined": ("单位代表已确认", "{name}已扫码成为{organization}的代表。"),
    "representative_revoked": ("代表资格已撤销", "您作为{organization}代表的资格已撤销：{reason}"),
    "review_passed": ("审核通过", "{nominee}的推荐材料已通过审核。"),
    "review_rejected": ("审核未通过", "{nominee}的推荐材料未通过审核：{reason}"),
    "review_returned": ("推荐材料需补充", "{nominee}的推荐材料需要补充。{reason}请于{until}前在小程序中补充并重新提交。"),
    "shortlisted": ("入围通知", "恭喜，{nominee}经选树活动领导小组决定，入选“港城工匠”{count}名入围对象。"),
    "not_shortlisted": ("入围结果", "感谢参与，{nominee}本届未入选“港城工匠”入围对象。"),
    "promotion_published": ("推介文章已发布", "{nominee}的技能推介文章《{article}》已发布。"),
    "result_top": ("评选结果", "恭喜，{nominee}当选“港城十大工匠”。"),
    "result_winner": ("评选结果", "恭喜，{nominee}当选“港城工匠”。"),
    "result_not_selected": ("评选结果", "感谢参与，{nominee}本次未当选。"),
    "public_notice_opened": ("公示开始", "“港城工匠”评选结果公示已开始，公示期至{until}。"),
    "objection_received": ("异议已收到", "您提交的异议已收到，我们将依规核查并答复。"),
    "objection_answered": ("异议答复", "您对{nominee}的公示异议已有答复：{answer}。理由：{reason}"),
    "objection_outcome": ("公示异议核查结果", "关于{nominee}的公示异议已核查完毕：{answer}。"),
    "result_disqualified": ("评选结果变更", "经公示异议核查，{nominee}被取消“{title}”资格。理由：{reason}"),
    "result_promoted": ("评选结果变更", "恭喜，经评议组递补，{nominee}当选“{title}”。"),
    "award_details": ("表彰安排", "{details}"),
    "panel_round_opened": ("专家评议已开始", "“{campaign}”{round}已开始，请登录管理后台为分配给您的 {count} 名入围对象评分。"),
    "panel_reminder": ("专家评议提醒", "“{campaign}”{round}中尚有 {remaining} 名入围对象您未提交评分，请在评议结束前登录管理后台完成。"),
    "stage_opened": ("阶段开始", "“{campaign}”进入{stage}阶段。"),
    "broadcast": ("{title}", "{body}"),
}

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = (30, 120, 600, 1800, 3600)


class DeliveryError(Exception):
    """A channel could not deliver now; `retry` says whether trying again can help."""

    def __init__(self, message: str, retry: bool = True, code: int | None = None, skipped: bool = False):
        super().__init__(message)
        self.retry = retry
        self.code = code
        self.skipped = skipped


def notify(event: str, recipients: Iterable[User | int], data: dict, channels: Iterable[str] = ("inbox",)
           ) -> list[Notification]:
    """Write one notification per recipient and channel; nothing is sent until the caller commits."""
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    title_template, body_template = EVENTS[event]
    title, body = title_template.format_map(data), body_template.format_map(data)
    user_ids = sorted({r.id if isinstance(r, User) else int(r) for r in recipients})
    rows = [Notification(user_id=uid, event=event, channel=channel, title=title[:100], body=body, data=data,
                         status="pending", next_attempt_at=utcnow())
            for uid in user_ids for channel in channels]
    db.session.add_all(rows)
    db.session.info["outbox_pending"] = True
    return rows


def _deliver_inbox(_notification: Notification) -> None:
    # The inbox is our own table: delivery makes the row visible to its owner.
    return None


# The official account's channels live in official_account.py; they get DeliveryError passed in.
CHANNEL_HANDLERS = {"inbox": _deliver_inbox, **official_account.channel_handlers(DeliveryError)}


def deliver_due(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Deliver pending notifications whose time has come; safe to run in several workers at once."""
    now = now or utcnow()
    query = (sa.select(Notification)
             .where(Notification.status == "pending", Notification.next_attempt_at <= now)
             .order_by(Notification.id).limit(limit)
             .with_for_update(skip_locked=True))
    counts = {"delivered": 0, "retry": 0, "failed": 0}
    for notification in db.session.scalars(query):
        handler = CHANNEL_HANDLERS.get(notification.channel)
        try:
            if handler is None:
                raise DeliveryError(f"no handler for channel {notification.channel}", retry=False)
            handler(notification)
        except DeliveryError as exc:
            notification.attempts += 1
            notification.last_error = str(exc)[:500]
            if exc.retry and notification.attempts < MAX_ATTEMPTS:
                delay = BACKOFF_SECONDS[min(notification.attempts - 1, len(BACKOFF_SECONDS) - 1)]
                notification.next_attempt_at = now + timedelta(seconds=delay)
                counts["retry"] += 1
            else:
                notification.status = "failed"
                counts["failed"] += 1
            continue
        notification.attempts += 1
        notification.status = "delivered"
        notification.delivered_at = now
        counts["delivered"] += 1
    db.session.commit()
    return counts


def next_due_at() -> datetime | None:
    value = db.session.scalar(sa.select(sa.func.min(Notification.next_attempt_at))
                              .where(Notification.status == "pending"))
    return as_utc(value)


def inbox(user: User, *, page: int = 1, per_page: int = 20) -> tuple[list[Notification], int, int]:
    """The user's delivered in-app notifications, newest first, with the total and the unread count."""
    visible = sa.and_(Notification.user_id == user.id, Notification.channel == "inbox",
                      Notification.status == "delivered")
    items = list(db.session.scalars(sa.select(Notification).where(visible)
                                    .order_by(Notification.id.desc())
                                    .offset((page - 1) * per_page).limit(per_page)))
    total = db.session.scalar(sa.select(sa.func.count(Notification.id)).where(visible))
    unread = db.session.scalar(sa.select(sa.func.count(Notification.id))
                               .where(visible, Notification.read_at.is_(None)))
    return items, total, unread


def mark_read(user: User, ids: Iterable[int] | None = None) -> int:
    """Mark the given notifications (or all) of this user read; returns how many changed."""
    stmt = (sa.update(Notification)
            .where(Notification.user_id == user.id, Notification.channel == "inbox",
                   Notification.status == "delivered", Notification.read_at.is_(None)))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(list(ids)))
    changed = db.session.execute(stmt.values(read_at=utcnow())).rowcount
    db.session.commit()
    return changed


def wake_worker(delay_seconds: float | None = None) -> None:
    """Ask the worker to deliver the outbox; if Redis is down the worker's sweep finds the rows later."""
    try:
        jobs.enqueue("notifications.deliver", delay_seconds=delay_seconds)
    except Exception:  # noqa: BLE001 - the rows are committed; losing the wake-up only delays them
        log.warning("could not enqueue notification delivery; the worker sweep will pick it up", exc_info=True)


@sa.event.listens_for(so.Session, "after_commit")
def _wake_worker(session: so.Session) -> None:
    if session.info.pop("outbox_pending", False):
        wake_worker()


@sa.event.listens_for(so.Session, "after_rollback")
def _forget_outbox(session: so.Session) -> None:
    session.info.pop("outbox_pending", None)
