"""The audit log viewer: filter by action, actor, target and date; paged; read-only."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import render_template, request

from app.console.blueprint import bp
from app.console.session import page_arg, requires
from app.extensions import db
from app.models import User
from app.services import audit
from app.services.campaigns import settings, stages

PER_PAGE = 50
# How actions read in the viewer; unknown ones show their code.
ACTION_LABELS = {
    "campaign.stage_override": "手动切换阶段",
    "campaign.settings_changed": "修改活动设置",
    "console.login": "登录管理后台",
    "account.created": "创建账号",
    "account.disabled": "停用账号",
    "account.enabled": "恢复账号",
    "account.password_changed": "修改密码",
    "account.totp_enabled": "启用两步验证",
    "account.totp_disabled": "关闭两步验证",
    "organization.created": "添加组织",
    "organization.quota_changed": "修改名额",
    "organization.representative_revoked": "撤销代表资格",
    "nomination.private_viewed": "查看个人信息",
    "nomination.export_form": "导出推荐表（附件 1）",
    "organization.export_summary": "导出汇总表（附件 2）",
    "nomination.submit": "提交推荐",
    "nomination.withdraw": "撤回推荐",
    "nomination.duplicate_refused": "重复推荐被拒",
    "nomination.invite": "邀请被推荐人",
    "nomination.publish_story": "发布事迹",
    "invitation.claim": "认领邀请码",
    "lead.invited": "线索：发放邀请码",
    "likes.flag_reviewed": "点赞监测：处理风险标记",
    "likes.hold_released": "点赞监测：解除暂停",
    "likes.voided": "点赞监测：作废点赞",
    "lead.nominated": "线索：转为集中推荐",
    "lead.dismissed": "线索：不予采纳",
    "lead.contact_viewed": "查看线索联系方式",
    "lead.assigned": "线索：指派负责组织",
    "export.requested": "发起导出",
    "export.downloaded": "下载导出文件",
    "account.password_reset": "重置他人密码（一次性密码）",
    "account.totp_reset": "重置他人两步验证",
    "account.updated": "修改账号姓名或角色",
    "endorsement.check": "核实单位认可",
    "representative.invite": "生成代表邀请二维码",
    "representative.invitation_revoked": "作废代表邀请二维码",
}


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
    entries, total = audit.search(action=args["action"] or None, actor=args["actor"] or None,
                                  target_type=args["target_type"] or None, target_id=args["target_id"] or None,
                                  since=_day(args["since"], tz), until=_day(args["until"], tz, end=True),
                                  page=page, per_page=PER_PAGE)
    actor_ids = {e.actor_user_id for e in entries if e.actor_user_id}
    actors = {u.id: u for u in db.session.scalars(sa.select(User).where(User.id.in_(actor_ids)))} if actor_ids else {}
    return render_template("console/audit.html", entries=entries, total=total, page=page, per_page=PER_PAGE,
                           args=args, actions=audit.known_actions(), labels=ACTION_LABELS, actors=actors,
                           change_label=lambda key: settings.change_label(key, campaign))


@bp.app_template_filter("action_label")
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@bp.app_template_filter("actor_name")
def actor_name(entry) -> str:
    if entry.actor_user_id:
        user = db.session.get(User, entry.actor_user_id)
        if user is not None:
            return user.display_name
    return entry.actor_label
