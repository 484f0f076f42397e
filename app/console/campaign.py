"""Campaign settings: stages with dates and switches, like rules, quotas, selection, prizes; manual stage switch."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app.console.blueprint import bp
from app.console.session import current_user, form_errors, requires
from app.extensions import db
from app.models import STAGE_SWITCHES
from app.services.campaigns import openings, stages
from app.services.campaigns import settings as campaign_settings
from app.services.errors import DomainError


# How the campaign's time zone reads to organizers.
ZONE_LABELS = {"Asia/Shanghai": "北京时间"}


def _switch_warning(campaign) -> str:
    """The confirmation before a manual stage switch: it takes effect at once, likes included."""
    opened = [label for action, (_, label) in stages.ACTIONS.items() if stages.is_open(campaign, action)]
    now = f"目前开放：{'、'.join(opened)}。" if opened else "目前没有开放的事项。"
    likes = "正在进行的点赞会立即停止（除非新阶段也开放点赞）。" if stages.is_open(campaign, "likes") else ""
    return (f"手动切换阶段立即生效，之后不再按日期自动切换。{now}切换后各事项按新阶段的开关立即开放或关闭，"
            f"{likes}确定切换？")


def _submitted_stage_values(campaign) -> dict[str, dict]:
    values = {}
    for stage in campaign.stages:
        prefix = f"stage-{stage.key}-"
        if f"{prefix}starts_on" not in request.form:
            continue
        row = {"starts_on": request.form.get(f"{prefix}starts_on"), "ends_on": request.form.get(f"{prefix}ends_on")}
        row.update({switch: request.form.get(f"{prefix}{switch}") == "on" for switch in STAGE_SWITCHES})
        values[stage.key] = row
    return values


@bp.route("/campaign", methods=["GET", "POST"])
@requires("campaign.manage")
def campaign_settings_page():
    campaign = stages.current_campaign()
    errors, message, status = {}, None, 200
    if request.method == "POST":
        values = {field: request.form.get(field) for field in campaign_settings.CAMPAIGN_FIELDS
                  if field in request.form}
        try:
            changes = campaign_settings.update(campaign, values, _submitted_stage_values(campaign),
                                               actor=current_user(), reason=request.form.get("reason") or None)
            db.session.commit()
            flash(f"已保存 {len(changes)} 项修改，并记入操作日志" if changes else "没有需要保存的修改", "info")
            return redirect(url_for("console.campaign_settings_page"))
        except DomainError as exc:
            db.session.rollback()
            errors, message, status = form_errors(exc), exc.message, exc.status
            campaign = stages.current_campaign()
    return render_template("console/campaign.html", campaign=campaign, state=stages.stage_state(campaign),
                           switch_warning=_switch_warning(campaign), zone_label=ZONE_LABELS.get(campaign.timezone,
                                                                                                campaign.timezone),
                           timeline=stages.timeline(campaign), fields=campaign_settings.CAMPAIGN_FIELDS,
                           switch_labels=campaign_settings.SWITCH_LABELS, errors=errors, message=message,
                           form=request.form if request.method == "POST" else None), status


@bp.post("/campaign/stage")
@requires("campaign.manage")
def campaign_stage_switch():
    campaign = stages.current_campaign()
    target = request.form.get("stage") or None
    reason = (request.form.get("reason") or "").strip()
    if not reason:
        raise DomainError("reason_required", "手动切换阶段须填写原因", 400)
    stages.set_override(campaign, target, actor=current_user(), reason=reason)
    db.session.commit()
    openings.announce_current()  # the stage now open is announced once to the people it concerns
    flash("已恢复按日期自动切换阶段" if target is None else f"已手动切换到“{campaign.stage(target).name}”阶段", "info")
    return redirect(url_for("console.campaign_settings_page"))
