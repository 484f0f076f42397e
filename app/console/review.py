"""考察审核: the review queue and a nomination's review page (checklist, check records, decision).

The rules live in services/review; these views parse forms, call them and render the answer. A decision
posted from a page that is out of date is answered 409 with the review page as it is now.
"""
from __future__ import annotations

import io
from datetime import timedelta

from flask import flash, redirect, render_template, request, send_file, url_for

from app import bounds
from app.console.blueprint import bp
from app.console.session import current_user, form_errors, page_arg, requires
from app.extensions import db
from app.models import (CHANNEL_LABELS, CHECK_METHODS, CONDITIONS, FILE_KINDS, REVIEW_DECISIONS, STATUS_LABELS)
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.materials import downloads
from app.services.nominations import search
from app.services.review import checklist, checks, decisions, queue, work

PERMISSION = "review.handle"
# The deadline a return form proposes; the organizer changes it as they see fit.
DEFAULT_RESUBMIT_DAYS = timedelta(days=14)


def _filters() -> queue.Filters:
    args = request.args
    return queue.Filters(state=args.get("state") or "open", district=args.get("district") or None,
                         channel=args.get("channel") or None, org_id=bounds.id_or_none(args.get("org")),
                         trade=args.get("trade") or None, priority=args.get("priority") or None,
                         q=args.get("q") or None)


def _per_page() -> int:
    raw = request.args.get("per_page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) in search.PAGE_SIZES else queue.PER_PAGE


@bp.get("/review")
@requires(PERMISSION)
def review_queue():
    campaign = stages.current_campaign()
    filters, per_page = _filters(), _per_page()
    rows, total, page = queue.page(campaign, filters, page_arg(), per_page)
    template = "console/_review_rows.html" if request.headers.get("HX-Request") else "console/review_queue.html"
    return render_template(template, rows=rows, total=total, page=page, per_page=per_page,
                           pages=search.page_count(total, per_page), page_sizes=search.PAGE_SIZES, filters=filters,
                           counts=queue.state_counts(campaign, filters), views=queue.VIEWS, states=queue.STATES,
                           state_of=queue.state_of, progress=checklist.progress, priorities=queue.PRIORITIES,
                           districts=search.districts(campaign), trades=queue.trades(campaign),
                           units=queue.recommending_organizations(campaign), statuses=STATUS_LABELS,
                           channels={c.value: label for c, label in CHANNEL_LABELS.items()},
                           in_stage=stages.in_stage_for(campaign, "review"))


def _page(nomination_id: int, *, errors: dict | None = None, form: dict | None = None, problem: str | None = None,
          status: int = 200):
    user = current_user()
    nomination, review = work.load(user, nomination_id)
    campaign = nomination.campaign
    records = checks.of_nomination(nomination.id)
    items = checklist.items(nomination, review, len(records))
    in_queue = queue.state_of(nomination) in ("pending", "in_review")
    body = render_template(
        "console/review.html", n=nomination, review=review, version=review.version if review else 0,
        items=items, blockers=checklist.blockers(items), auto_labels=checklist.AUTO_LABELS,
        result_labels=checklist.RESULT_LABELS, records=records, methods=CHECK_METHODS,
        return_items=decisions.RETURN_ITEMS, suggested=checklist.suggested_return_items(items),
        decisions_labels=REVIEW_DECISIONS, statuses=STATUS_LABELS, channels=CHANNEL_LABELS, conditions=CONDITIONS,
        state=queue.state_of(nomination), states=queue.STATES, in_queue=in_queue,
        in_stage=stages.in_stage_for(campaign, "review"), stage_names="、".join(
            s.name for s in campaign.stages if s.key == "review") or "考察审核",
        today=stages.local_today(campaign), default_deadline=stages.local_today(campaign) + DEFAULT_RESUBMIT_DAYS,
        masked={"mobile": search.mask_mobile(nomination.mobile),
                                                   "birth_month": search.mask_birth_month(nomination.birth_month),
                                                   "political_status": "***" if nomination.political_status else ""},
        files=sorted(nomination.files, key=lambda f: (list(FILE_KINDS).index(f.kind), f.id)), file_kinds=FILE_KINDS,
        errors=errors or {}, form=form or {}, problem=problem,
        next_id=queue.next_open(campaign, nomination.id) if not in_queue else None)
    return body, status


@bp.get("/review/<int:nomination_id>")
@requires(PERMISSION)
def review_page(nomination_id: int):
    return _page(nomination_id)


@bp.post("/review/<int:nomination_id>/items/<key>")
@requires(PERMISSION)
def review_confirm_item(nomination_id: int, key: str):
    """One item confirmed. With htmx the checklist comes back (always 200: htmx swaps only successful answers),
    with the refusal beside the item, and the decision forms' version out of band."""
    user = current_user()
    try:
        work.confirm_item(user, nomination_id, key, request.form.get("result", ""), request.form.get("note"))
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 404) or not request.headers.get("HX-Request"):
            raise
        return _checklist(nomination_id, errors={key: exc.message}, notes={key: request.form.get("note", "")})
    if not request.headers.get("HX-Request"):
        return redirect(url_for("console.review_page", nomination_id=nomination_id, _anchor=f"item-{key}"))
    return _checklist(nomination_id)


def _checklist(nomination_id: int, *, errors: dict | None = None, notes: dict | None = None):
    nomination, review = work.load(current_user(), nomination_id)
    items = checklist.items(nomination, review, work.checks_count(nomination.id))
    writable = (stages.in_stage_for(nomination.campaign, "review")
                and queue.state_of(nomination) in ("pending", "in_review"))
    return render_template("console/_review_checklist.html", n=nomination, items=items,
                           auto_labels=checklist.AUTO_LABELS, result_labels=checklist.RESULT_LABELS,
                           writable=writable, item_errors=errors or {}, notes=notes or {},
                           oob_version=review.version if review else 0, blockers=checklist.blockers(items))


@bp.post("/review/<int:nomination_id>/items/confirm-passing")
@requires(PERMISSION)
def review_confirm_passing(nomination_id: int):
    confirmed = work.confirm_passing(current_user(), nomination_id)
    if confirmed:
        flash(f"已确认系统核对为“符合”的{len(confirmed)}项：" + "、".join(checklist.ITEMS[k] for k in confirmed), "info")
    else:
        flash("没有需要确认的系统核对项（已全部确认，或其余各项需人工判断）", "info")
    return redirect(url_for("console.review_page", nomination_id=nomination_id, _anchor="checklist"))


@bp.post("/review/<int:nomination_id>/checks")
@requires(PERMISSION)
def review_add_check(nomination_id: int):
    uploaded = [(f.filename, f.read()) for f in request.files.getlist("files") if f and f.filename]
    form = {k: request.form.get(k, "") for k in ("method", "checked_on", "checked_by", "notes")}
    try:
        checks.add_check(current_user(), nomination_id, files=uploaded, **form)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 404):
            raise
        return _page(nomination_id, errors={f"check.{k}": v for k, v in form_errors(exc).items()}
                     or {"check": exc.message}, form={"check": form}, status=exc.status)
    flash(f"已添加核查记录（{CHECK_METHODS[form['method']]}，{form['checked_on']}）", "info")
    return redirect(url_for("console.review_page", nomination_id=nomination_id, _anchor="checks"))


@bp.get("/review/<int:nomination_id>/checks/files/<int:file_id>")
@requires(PERMISSION)
def review_check_file(nomination_id: int, file_id: int):
    row, data = checks.open_file(current_user(), nomination_id, file_id)
    response = send_file(io.BytesIO(data), mimetype=row.content_type, etag=row.sha256, conditional=True)
    # A PDF is downloaded, never opened inline on the console's origin.
    response.headers["Content-Disposition"] = downloads.content_disposition(
        downloads.stored_file_name("check", row.id, row.content_type), inline=row.content_type != "application/pdf")
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _version() -> int | None:
    raw = request.form.get("version", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


@bp.post("/review/<int:nomination_id>/decision")
@requires(PERMISSION)
def review_decide(nomination_id: int):
    user, decision, version = current_user(), request.form.get("decision"), _version()
    form = {"decision": decision, "note": request.form.get("note", ""), "reason": request.form.get("reason", ""),
            "items": request.form.getlist("items"), "resubmit_by": request.form.get("resubmit_by", "")}
    try:
        if decision == "qualified":
            nomination = decisions.qualify(user, nomination_id, version, form["note"])
        elif decision == "returned":
            nomination = decisions.return_for_more(user, nomination_id, version, items=form["items"],
                                                   note=form["note"], resubmit_by=form["resubmit_by"])
        elif decision == "rejected":
            nomination = decisions.reject(user, nomination_id, version, form["reason"])
        else:
            raise DomainError("validation_error", "请选择审核结论", 400)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 404):
            raise
        errors = {f"{decision}.{k}": v for k, v in form_errors(exc).items()}
        return _page(nomination_id, errors=errors, form={"decision": form} if exc.status != 409 else {},
                     problem=exc.message, status=exc.status)
    label = REVIEW_DECISIONS[decision]
    told = "被推荐人及推荐单位" if nomination.nominating_org_id else "被推荐人"
    flash(f"{nomination.name}：{label}。已记入操作日志，并已通知{told}。", "info")
    return redirect(url_for("console.review_page", nomination_id=nomination_id))
