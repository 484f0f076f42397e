"""The organizers' dashboard: where the campaign stands, in figures and charts."""
from __future__ import annotations

from flask import redirect, render_template, url_for

from app.console.blueprint import bp
from app.console.session import current_user, requires
from app.services.accounts import permissions
from app.services.campaigns import stages
from app.services.endorsement import checks as endorsement_checks
from app.services.health import states as health
from app.services.reports import dashboard as campaign_stats


@bp.get("/")
def index():
    user = current_user()
    if user is None:
        return redirect(url_for("console.login"))
    return redirect(url_for(permissions.home_endpoint(user)))


@bp.get("/dashboard")
@requires("dashboard.view")
def dashboard():
    campaign = stages.current_campaign()
    stats = campaign_stats.summary(campaign)
    charts = {
        "status": {"labels": [label for _, label, _ in stats["by_status"]],
                   "values": [n for _, _, n in stats["by_status"]], "type": "bar", "label": "人数",
                   "x_title": "状态", "y_title": "人数"},
        "channel": {"labels": [label for _, label, _ in stats["by_channel"]],
                    "values": [n for _, _, n in stats["by_channel"]], "type": "doughnut", "label": "人数"},
        "district": {"labels": [d for d, _ in stats["by_district"]],
                     "values": [n for _, n in stats["by_district"]], "type": "bar", "label": "人数",
                     "x_title": "县区", "y_title": "人数"},
        "quota": {"labels": [row.organization.name for row in stats["quota_use"]],
                  "values": [row.used for row in stats["quota_use"]],
                  "limits": [row.quota or 0 for row in stats["quota_use"]], "type": "quota", "label": "已用名额",
                  "x_title": "名额（人）", "y_title": "推荐单位"},
        "likes": {"labels": [name for name, _ in stats["top_liked"]],
                  "values": [likes for _, likes in stats["top_liked"]], "type": "bar", "label": "点赞数",
                  "horizontal": True, "x_title": "点赞数", "y_title": "推荐对象"},
        "likes_daily": {"labels": [day for day, _ in stats["likes_per_day"]],
                        "values": [n for _, n in stats["likes_per_day"]], "type": "line", "label": "每日点赞",
                        "x_title": "日期", "y_title": "点赞数"},
    }
    return render_template("console/dashboard.html", campaign=campaign, stats=stats, charts=charts,
                           pending_checks=endorsement_checks.pending_count(), health=health.overview())
