"""消息推送: each notification's state on every channel (inbox, subscribe message, official account)."""
from __future__ import annotations

from flask import render_template, request

from app.console.blueprint import bp
from app.console.session import requires
from app.models.notification import CHANNELS, STATUSES
from app.services.notifications import status


@bp.get("/notifications")
@requires("dashboard.view")
def notifications_page():
    event = request.args.get("event") or None
    channel = request.args.get("channel") if request.args.get("channel") in CHANNELS else None
    state = request.args.get("status") if request.args.get("status") in STATUSES else None
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 10000))
    labels = status.labels()
    if event not in labels["events"]:
        event = None
    items, total = status.listing(event=event, channel=channel, status=state, page=page)
    return render_template("console/notifications.html", items=items, total=total, page=page,
                           per_page=status.PER_PAGE, summary=status.summary(), labels=labels,
                           channels=CHANNELS, statuses=STATUSES,
                           chosen={"event": event, "channel": channel, "status": state})
