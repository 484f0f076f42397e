"""notify(): the outbox written in the caller's transaction, delivered later by the worker (delivery.py)."""
from __future__ import annotations

import logging
from collections.abc import Iterable

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import Notification, SubscribeGrant, User
from app.models.base import utcnow
from app.services import jobs
from app.services.notifications import preferences
from app.services.notifications.channels import CHANNEL_HANDLERS, DeliveryError
from app.services.notifications.delivery import BACKOFF_SECONDS, MAX_ATTEMPTS, deliver_due, next_due_at
from app.services.notifications.inbox import inbox, mark_read, unread_count
from app.services.notifications.registry import get_registry

log = logging.getLogger(__name__)

# Kept importable from here (older callers): the channels, the delivery loop and the inbox.
__all__ = ["BACKOFF_SECONDS", "CHANNEL_HANDLERS", "EVENTS", "MAX_ATTEMPTS", "DeliveryError", "deliver_due", "inbox",
           "mark_read", "next_due_at", "notify", "unread_count", "wake_worker"]

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

def _wechat_channels(event: str, user_ids: list[int]) -> dict[int, list[str]]:
    """The WeChat channels each recipient gets for `event` beside the inbox.

    subscribe: the registry has a mini-program template for the event, the user has a mini-program openid,
    holds a grant for that template and has not switched the event's kind off. A user without a grant
    gets the inbox only; whether the grant is still there is decided again, atomically, when sending.
    mp_template / mp_custom: the hook for the official account. A row is written when the registry maps
    the event for that channel and a handler is registered (the bot's handler skips non-followers).
    """
    registry = get_registry()
    kind = registry.kind_of_event(event)
    channels = [c for c in ("subscribe", "mp_template", "mp_custom")
                if registry.route(event, c) is not None and c in CHANNEL_HANDLERS]
    if not channels or not user_ids:
        return {}
    off = preferences.disabled_pairs(user_ids)
    granted: set[int] = set()
    if "subscribe" in channels:
        template_id = registry.route(event, "subscribe").template.template_id
        granted = set(db.session.scalars(
            sa.select(SubscribeGrant.user_id).join(User, User.id == SubscribeGrant.user_id)
            .where(SubscribeGrant.user_id.in_(user_ids), SubscribeGrant.template_id == template_id,
                   SubscribeGrant.remaining > 0, User.openid.is_not(None))))
    result: dict[int, list[str]] = {}
    for uid in user_ids:
        wanted = [c for c in channels if (uid, kind, c) not in off]
        if "subscribe" in wanted and uid not in granted:
            wanted.remove("subscribe")  # no grant left (or a console-only account without an openid)
        if wanted:
            result[uid] = wanted
    return result


def notify(event: str, recipients: Iterable[User | int], data: dict, channels: Iterable[str] | None = None
           ) -> list[Notification]:
    """Write one notification per recipient and channel; nothing is sent until the caller commits.

    Without `channels`, each recipient gets the inbox and the WeChat channels _wechat_channels() picks.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown notification event {event!r}")
    title_template, body_template = EVENTS[event]
    title, body = title_template.format_map(data), body_template.format_map(data)
    user_ids = sorted({r.id if isinstance(r, User) else int(r) for r in recipients})
    if channels is not None:
        per_user = {uid: list(channels) for uid in user_ids}
    else:
        # The caller's changes are flushed (and their constraints checked) where the caller expects, not here.
        with db.session.no_autoflush:
            extra = _wechat_channels(event, user_ids)
        per_user = {uid: ["inbox", *extra.get(uid, [])] for uid in user_ids}
    now = utcnow()
    rows = [Notification(user_id=uid, event=event, channel=channel, title=title[:100], body=body, data=data,
                         status="pending", next_attempt_at=now, created_at=now)
            for uid in user_ids for channel in per_user[uid]]
    db.session.add_all(rows)
    db.session.info["outbox_pending"] = True
    return rows


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
