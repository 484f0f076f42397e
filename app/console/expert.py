"""The expert's pages: the assigned finalists with progress, and per finalist the dossier with the score sheet
(four scores and a comment, or a declared conflict of interest) — every rule lives in services/panel."""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for

from app.console.blueprint import bp
from app.console.session import current_user, form_errors, requires
from app.extensions import db
from app.models import CHECK_METHODS, CONFLICT_KINDS, CRITERIA, FILE_KINDS, REVIEW_DECISIONS
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.materials import downloads
from app.services.panel import dossier, formation, progress, rounds, scoring


def _round_and_sheets(campaign, member):
    round_ = scoring.current_round_for(campaign)
    wanted = rounds.sheet_ids(campaign, round_).get(member.id, set()) if round_ else set()
    sheets = scoring.sheets_of(round_, member) if round_ else {}
    return round_, wanted, sheets


@bp.get("/expert")
@requires("scoring.take_part")
def expert_home():
    campaign = stages.current_campaign()
    member = formation.member_of(campaign, current_user())
    context = dict(campaign=campaign, member=member, scoring_open=stages.is_open(campaign, "scoring"))
    if member is not None:
        round_, wanted, sheets = _round_and_sheets(campaign, member)
        finalists = [n for n in formation.finalists(campaign) if n.id in wanted]
        mine = next((r for r in progress.per_member(campaign, round_) if r.member.id == member.id), None) \
            if round_ else None
        context.update(round=round_, finalists=finalists, sheets=sheets, mine=mine, round_name=rounds.round_name,
                       is_open=round_ is not None and round_.closed_at is None)
    return render_template("console/expert_home.html", **context)


def _sheet_page(nomination_id: int, *, entered: dict | None = None, errors: dict | None = None, status: int = 200):
    campaign = stages.current_campaign()
    user = current_user()
    found = dossier.of(user, campaign, nomination_id)
    member = formation.member_of(campaign, user)
    round_, wanted, sheets = _round_and_sheets(campaign, member)
    sheet = sheets.get(nomination_id)
    editable = (round_ is not None and round_.closed_at is None and nomination_id in wanted
                and (sheet is None or sheet.submitted_at is None))
    queue = [n.id for n in formation.finalists(campaign) if n.id in wanted]
    following = [i for i in queue if i != nomination_id and (sheets.get(i) is None or sheets[i].submitted_at is None)]
    return render_template(
        "console/expert_sheet.html", campaign=campaign, d=found, n=found.nomination, round=round_, sheet=sheet,
        editable=editable, in_round=nomination_id in wanted, criteria=CRITERIA, maxima=scoring.maxima(campaign),
        weights=scoring.weights(campaign), conflicts=CONFLICT_KINDS, file_kinds=FILE_KINDS, methods=CHECK_METHODS,
        review_decisions=REVIEW_DECISIONS, entered=entered, errors=errors or {}, round_name=rounds.round_name,
        next_id=following[0] if following else None), status


@bp.get("/expert/finalists/<int:nomination_id>")
@requires("scoring.take_part")
def expert_sheet(nomination_id: int):
    return _sheet_page(nomination_id)


@bp.post("/expert/finalists/<int:nomination_id>")
@requires("scoring.take_part")
def expert_sheet_save(nomination_id: int):
    form = request.form
    abstain = form.get("mode") == "conflict"
    submit = form.get("action") == "submit"
    try:
        scoring.save(current_user(), stages.current_campaign(), nomination_id,
                     scores={k: form.get(k, "") for k in CRITERIA}, comment=form.get("comment", ""),
                     conflict=(form.get("conflict") or "?") if abstain else None,
                     conflict_reason=form.get("conflict_reason", ""), submit=submit)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 404):
            raise
        errors = form_errors(exc) or {"_": exc.message}
        return _sheet_page(nomination_id, entered=form.to_dict(), errors={**errors, "_": exc.message},
                           status=exc.status)
    if abstain:
        flash("已申明回避" + ("并提交" if submit else "（暂存，提交前仍可修改）"), "info")
    else:
        flash("评分已提交，不能再修改" if submit else "评分已暂存，提交前仍可修改", "info")
    following = form.get("next")
    if submit and following and following.isdigit():
        return redirect(url_for("console.expert_sheet", nomination_id=int(following)))
    return redirect(url_for("console.expert_sheet", nomination_id=nomination_id))


@bp.get("/expert/finalists/<int:nomination_id>/files/<int:file_id>")
@requires("scoring.take_part")
def expert_file(nomination_id: int, file_id: int):
    row, data = dossier.open_file(current_user(), stages.current_campaign(), nomination_id, file_id)
    response = send_file(io.BytesIO(data), mimetype=row.content_type, etag=row.sha256, conditional=True)
    response.headers["Content-Disposition"] = downloads.content_disposition(
        downloads.stored_file_name(row.kind, row.id, row.content_type), inline=row.content_type != "application/pdf")
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
