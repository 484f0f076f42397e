"""入围名单: the shortlist builder (picks by htmx, live counts), the leadership group's decision with its minutes,
the confirmation and the audited reopening — every rule lives in services/shortlist."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app import bounds
from app.console.blueprint import bp
from app.console.exports import attachment
from app.console.session import current_user, form_errors, requires
from app.extensions import db
from app.models import CHANNEL_LABELS, STATUS_LABELS
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.materials import downloads
from app.services.shortlist import board, decision, outcome, picks

MINUTES_FILE_MAX = 20 * 1024 * 1024  # read no more than this from the form; the service has the real limits
DIMENSIONS = (("district", "按县区"), ("channel", "按推荐方式"), ("organization", "按推荐单位"), ("trade", "按工种"))


def _filters() -> board.Filters:
    args = request.args
    show = args.get("show") if args.get("show") in board.SHOWS else "all"
    return board.Filters(district=args.get("district") or None, trade=args.get("trade") or None,
                         channel=args.get("channel") or None, org_id=bounds.id_or_none(args.get("org")),
                         q=args.get("q") or None, show=show, sort=args.get("sort") or None)


def _context(filters: board.Filters | None = None, **extra) -> dict:
    campaign = stages.current_campaign()
    built = board.build(campaign, filters or _filters())
    return dict(campaign=campaign, board=built, filters=filters or _filters(), dimensions=DIMENSIONS,
                channels={c.value: label for c, label in CHANNEL_LABELS.items()}, statuses=STATUS_LABELS,
                sorts=board.SORTS, shows=board.SHOWS, history=board.history(campaign),
                in_stage=stages.in_stage_for(campaign, "shortlist"),
                missing=decision.missing_for_confirmation(built.decision),
                stage_names="、".join(s.name for s in campaign.stages if s.key in stages.STAGE_WORK["shortlist"][0]),
                **extra)


@bp.get("/shortlist")
@requires("shortlist.manage")
def shortlist():
    if request.headers.get("HX-Request"):
        return render_template("console/_shortlist_rows.html", **_context())
    return render_template("console/shortlist.html", **_context())


def _after_pick(nomination_id: int):
    """htmx: the row in its new state, with the counts and the confirmation panel beside it; else the page."""
    if not request.headers.get("HX-Request"):
        return redirect(request.referrer or url_for("console.shortlist"))
    context = _context(board.Filters())
    row = next((r for r in context["board"].rows if r.nomination.id == nomination_id), None)
    return render_template("console/_shortlist_pick.html", row=row, nomination_id=nomination_id, **context)


@bp.post("/shortlist/picks/<int:nomination_id>")
@requires("shortlist.manage")
def shortlist_pick(nomination_id: int):
    picks.add(current_user(), stages.current_campaign(), nomination_id)
    return _after_pick(nomination_id)


@bp.post("/shortlist/picks/<int:nomination_id>/remove")
@requires("shortlist.manage")
def shortlist_unpick(nomination_id: int):
    picks.remove(current_user(), stages.current_campaign(), nomination_id)
    return _after_pick(nomination_id)


@bp.post("/shortlist/decision")
@requires("shortlist.manage")
def shortlist_decision():
    upload = request.files.get("minutes")
    minutes = None
    if upload is not None and upload.filename:
        minutes = decision.Minutes(upload.stream.read(MINUTES_FILE_MAX + 1), upload.filename)
    form = {name: request.form.get(name, "") for name in ("decided_on", "meeting", "attendees")}
    try:
        decision.save(current_user(), stages.current_campaign(), minutes=minutes, **form)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 404):
            raise
        errors = form_errors(exc) or {"minutes": exc.message}
        return render_template("console/shortlist.html", **_context(decision_form=form, decision_errors=errors)), \
            exc.status
    flash("领导小组决定已保存" + ("，会议纪要已上传" if minutes else ""), "info")
    return redirect(url_for("console.shortlist", _anchor="decision"))


@bp.get("/shortlist/decisions/<int:decision_id>/minutes")
@requires("shortlist.manage")
def shortlist_minutes(decision_id: int):
    row, data = decision.open_minutes(current_user(), decision_id)
    name = f"领导小组会议纪要-{row.decided_on or row.id}{downloads.extension(row.minutes_content_type)}"
    response = attachment(data, name, row.minutes_content_type,
                          downloads.stored_file_name("minutes", row.id, row.minutes_content_type))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/shortlist/confirm")
@requires("shortlist.manage")
def shortlist_confirm():
    confirmed = outcome.confirm(current_user(), stages.current_campaign(), expected=request.form.get("expected"))
    flash(f"入围名单已确认并锁定：入围 {len(confirmed.finalist_ids)} 人，未入围 {len(confirmed.not_shortlisted_ids)} 人；"
          "已通知每位推荐对象及其推荐单位", "info")
    return redirect(url_for("console.shortlist"))


@bp.post("/shortlist/reopen")
@requires("shortlist.manage")
def shortlist_reopen():
    reopened = outcome.reopen(current_user(), stages.current_campaign(), request.form.get("reason"))
    flash(f"入围名单已重新开放：{len(reopened.finalist_ids) + len(reopened.not_shortlisted_ids)} 人恢复为“审核合格”，"
          "调整后请重新记录领导小组决定并确认", "info")
    return redirect(url_for("console.shortlist"))
