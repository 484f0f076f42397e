"""评选结果 and 公示异议: confirming the results from the ranking, publishing the notice, 递补 decisions, the objections
queue and an objection's handling (notes, findings, answer) — every rule lives in services/results."""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for

from app.console.blueprint import bp
from app.console.session import current_user, form_errors, requires
from app.extensions import db
from app.models import (CHANNEL_LABELS, OBJECTION_RELATIONS, OBJECTION_STATUS_LABELS, RESULT_GROUP_LABELS,
                        STATUS_LABELS, Nomination)
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.materials import downloads
from app.services.results import confirmation, handling, notice, objections, vacancies

PERMISSION = "results.manage"


def _results_context(**extra) -> dict:
    campaign = stages.current_campaign()
    row = confirmation.current_notice(campaign)
    proposed = []
    if row is None:
        # The panel's confirmed ranking, shown as the results it would give.
        order = confirmation.proposed_order(campaign)
        by_id = {n.id: n for n in db.session.query(Nomination).filter(Nomination.id.in_(order))} if order else {}
        proposed = [(rank, by_id[i], confirmation.group_for(rank, campaign)) for rank, i in enumerate(order, 1)]
    open_places = vacancies.vacancies(campaign)
    return dict(campaign=campaign, notice_row=row, window=notice.window(campaign, row), proposed=proposed,
                entries=confirmation.entries(campaign) if row else [], groups=RESULT_GROUP_LABELS,
                statuses=STATUS_LABELS, vacancies=[(v, vacancies.candidates(campaign, v)) for v in open_places],
                in_stage=stages.in_stage_for(campaign, "results"),
                stage_names="、".join(s.name for s in campaign.stages if s.key in stages.STAGE_WORK["results"][0]),
                open_objections=len([o for o in objections.queue(campaign) if o.status not in handling.ANSWERS]),
                **{"errors": {}, "form": {}, **extra})


@bp.get("/results")
@requires(PERMISSION)
def results_page():
    return render_template("console/results.html", **_results_context())


def _on_error(exc: DomainError, **form):
    db.session.rollback()
    if exc.status in (403, 404):
        raise exc
    return render_template("console/results.html", **_results_context(
        problem=exc.message, errors=form_errors(exc), form=form)), exc.status


@bp.post("/results/confirm")
@requires(PERMISSION)
def results_confirm():
    order = [int(i) for i in request.form.getlist("order") if i.isascii() and i.isdigit() and len(i) <= 9]
    try:
        confirmation.confirm_results(current_user(), stages.current_campaign(), order)
    except DomainError as exc:
        return _on_error(exc)
    flash("评选结果已确认，已通知每位入围对象及其推荐单位。请在核对后发布公示。", "info")
    return redirect(url_for("console.results_page"))


@bp.post("/results/publish")
@requires(PERMISSION)
def results_publish():
    try:
        row = notice.publish(current_user(), stages.current_campaign())
    except DomainError as exc:
        return _on_error(exc)
    flash(f"已发布公示：{row.starts_on:%Y年%m月%d日} 至 {row.ends_on:%Y年%m月%d日}（{row.working_days} 个工作日）", "info")
    return redirect(url_for("console.results_page"))


@bp.post("/results/vacancies/<int:entry_id>/promote")
@requires(PERMISSION)
def results_promote(entry_id: int):
    reason = request.form.get("reason", "")
    try:
        moved = vacancies.promote(current_user(), stages.current_campaign(), entry_id, reason)
    except DomainError as exc:
        return _on_error(exc, reason=reason, vacancy=entry_id)
    names = "、".join(f"{e.nomination.name}（{RESULT_GROUP_LABELS[e.group]}）" for e in moved)
    flash(f"已按排名递补：{names}。公示名单已更新。", "info")
    return redirect(url_for("console.results_page"))


@bp.get("/objections")
@requires(PERMISSION)
def objections_page():
    campaign = stages.current_campaign()
    status = request.args.get("status") if request.args.get("status") in OBJECTION_STATUS_LABELS else None
    return render_template("console/objections.html", campaign=campaign, items=objections.queue(campaign, status),
                           status=status, statuses=OBJECTION_STATUS_LABELS, relations=OBJECTION_RELATIONS,
                           window=notice.window(campaign))


def _objection_page(objection_id: int, status: int = 200, **extra):
    objection = handling.load(current_user(), objection_id)
    nomination = objection.nomination
    entry = next((e for e in confirmation.entries(stages.current_campaign()) if e.nomination_id == nomination.id), None)
    return render_template("console/objection.html", o=objection, n=nomination, entry=entry,
                           statuses=OBJECTION_STATUS_LABELS, relations=OBJECTION_RELATIONS, groups=RESULT_GROUP_LABELS,
                           nomination_statuses=STATUS_LABELS, channels=CHANNEL_LABELS, answers=handling.ANSWERS,
                           errors=extra.pop("errors", {}), form=extra.pop("form", {}), **extra), status


@bp.get("/objections/<int:objection_id>")
@requires(PERMISSION)
def objection_page(objection_id: int):
    return _objection_page(objection_id)


@bp.post("/objections/<int:objection_id>/notes")
@requires(PERMISSION)
def objection_add_note(objection_id: int):
    uploaded = [(f.filename, f.read()) for f in request.files.getlist("files") if f and f.filename]
    body = request.form.get("body", "")
    try:
        handling.add_note(current_user(), objection_id, body, uploaded)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 404):
            raise
        return _objection_page(objection_id, exc.status, problem=exc.message,
                               errors={f"note.{k}": v for k, v in form_errors(exc).items()}, form={"body": body})
    flash("已记录核查情况", "info")
    return redirect(url_for("console.objection_page", objection_id=objection_id, _anchor="notes"))


@bp.post("/objections/<int:objection_id>/answer")
@requires(PERMISSION)
def objection_answer(objection_id: int):
    outcome, reason = request.form.get("outcome"), request.form.get("reason", "")
    try:
        objection = handling.answer(current_user(), objection_id, outcome, reason)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 404):
            raise
        return _objection_page(objection_id, exc.status, problem=exc.message,
                               errors={f"answer.{k}": v for k, v in form_errors(exc).items()},
                               form={"outcome": outcome, "reason": reason})
    text = f"已答复：{handling.ANSWERS[objection.status]}，已通知异议人和被异议人。"
    if objection.status == "upheld":
        text += f"{objection.nomination.name}已被取消资格，请在“评选结果”页作出递补决定。"
    flash(text, "info")
    return redirect(url_for("console.objection_page", objection_id=objection_id))


@bp.get("/objections/<int:objection_id>/files/<int:file_id>")
@requires(PERMISSION)
def objection_file(objection_id: int, file_id: int):
    row, data = handling.open_file(current_user(), objection_id, file_id)
    response = send_file(io.BytesIO(data), mimetype=row.content_type, etag=row.sha256, conditional=True)
    # A PDF is downloaded, never opened inline on the console's origin.
    response.headers["Content-Disposition"] = downloads.content_disposition(
        downloads.stored_file_name("objection", row.id, row.content_type), inline=row.content_type != "application/pdf")
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
