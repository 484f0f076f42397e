"""Nominations: the filtered list (private fields masked), one nomination in full, the logged reveal."""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for

from app import bounds
from app.console.blueprint import bp
from app.console.exports import attachment
from app.console.session import client_ip, current_user, page_arg, requires
from app.extensions import db
from app.models import (CHANNEL_LABELS, CONDITIONS, DECISION_LABELS, ENDORSEMENT_STATUS_LABELS, FILE_KINDS,
                        STATUS_LABELS)
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found
from app.services.exports import filtered
from app.services.exports.queued import XLSX_TYPE
from app.services.materials import downloads, uploads
from app.services.nominations import corrections, duplicates, history, rules, search
from app.services.nominations.search import Filters
from app.services.organizations import admin

# The list's columns that sort, in the order shown (the others do not).
SORT_LABELS = {"id": "编号", "name": "姓名", "employer": "工作单位", "district": "县区", "channel": "推荐方式",
               "status": "状态", "likes": "点赞", "submitted_at": "提交时间"}


def filters_from_request() -> Filters:
    return Filters(status=request.args.get("status") or None, channel=request.args.get("channel") or None,
                   district=request.args.get("district") or None, org_id=bounds.id_or_none(request.args.get("org")),
                   q=request.args.get("q") or None)


def _per_page() -> int:
    raw = request.args.get("per_page", "")
    return int(raw) if raw.isascii() and raw.isdigit() and int(raw) in search.PAGE_SIZES else search.PER_PAGE


def _recommending_units(campaign, chosen):
    """The unions and associations to filter by, and the organization asked for by ?org= when it is another."""
    units = [row.organization for row in admin.list_organizations(campaign) if row.quota is not None]
    if chosen is not None and chosen not in units:
        units.insert(0, chosen)
    return units


@bp.get("/nominations")
@requires("nominations.view")
def nominations():
    campaign = stages.current_campaign()
    filters = filters_from_request()
    per_page = _per_page()
    sort, descending = search.sort_of(request.args.get("sort"), request.args.get("dir", "desc") == "desc")
    items, total, page = search.search(campaign, filters, page_arg(), per_page, sort, descending)
    organization = admin.get_organization(filters.org_id) if filters.org_id else None
    template = "console/_nomination_rows.html" if request.headers.get("HX-Request") else "console/nominations.html"
    return render_template(template, items=items, total=total, page=page, per_page=per_page,
                           pages=search.page_count(total, per_page), page_sizes=search.PAGE_SIZES,
                           sort=sort, descending=descending, sort_labels=SORT_LABELS,
                           likes=search.likes_of(campaign, items), units=_recommending_units(campaign, organization),
                           filters=filters, organization=organization, statuses=STATUS_LABELS,
                           channels={c.value: label for c, label in CHANNEL_LABELS.items()},
                           districts=search.districts(campaign), mask_mobile=search.mask_mobile,
                           duplicate_refusals=search.duplicate_refusals(campaign), duplicate_action=duplicates.ACTION,
                           duplicate_limit=duplicates.REFUSALS_PER_DAY)


@bp.get("/nominations/export.xlsx")
@requires("exports.run")
def nominations_export():
    """The list as filtered, every column of the full export (the download is logged)."""
    campaign = stages.current_campaign()
    content, file_name, _ = filtered.filtered_nominations(campaign, filters_from_request(), actor=current_user())
    return attachment(content, file_name, XLSX_TYPE, "nominations.xlsx")


@bp.get("/nominations/<int:nomination_id>")
@requires("nominations.view")
def nomination_detail(nomination_id: int):
    campaign = stages.current_campaign()
    return _detail_page(campaign, search.get_nomination(campaign, nomination_id))


def _detail_page(campaign, nomination, correction: dict | None = None, status: int = 200):
    events = history.history(nomination)
    return render_template("console/nomination.html", n=nomination, statuses=STATUS_LABELS,
                           channels=CHANNEL_LABELS, conditions=CONDITIONS, history=events,
                           status_explained=history.explains_status(nomination, events),
                           endorsements=history.endorsements(nomination), decisions=DECISION_LABELS,
                           endorsement_statuses=ENDORSEMENT_STATUS_LABELS,
                           likes=search.likes_of(campaign, [nomination])[nomination.id],
                           masked={"mobile": search.mask_mobile(nomination.mobile),
                                   "birth_month": search.mask_birth_month(nomination.birth_month),
                                   "political_status": "***" if nomination.political_status else ""},
                           files=sorted(nomination.files, key=lambda f: (list(FILE_KINDS).index(f.kind), f.id)),
                           file_kinds=FILE_KINDS, correction=correction or _correction_form(nomination)), status


def _correction_form(nomination, entered: dict | None = None, errors: dict | None = None, message: str = "") -> dict:
    """The correction form's fields: current values (private ones left empty, shown masked), or what was entered."""
    fields = []
    for name in corrections.CORRECTABLE:
        private = name in corrections.PRIVATE_FIELDS
        current = corrections.shown(name, getattr(nomination, name))
        value = entered[name] if name in (entered or {}) else ("" if private else current or "")
        kind = ("choice" if name in rules.OPTIONS else "month" if name in ("birth_month", "trade_since")
                else "long" if name in ("career", "awards", "deeds", "story", "brief") else "text")
        fields.append({"name": name, "label": rules.LABELS[name], "kind": kind, "value": value, "private": private,
                       "current": current or "", "options": rules.OPTIONS.get(name, ())})
    return {"fields": fields, "errors": errors or {}, "message": message,
            "reason": (entered or {}).get("reason", ""), "open": entered is not None}


@bp.post("/nominations/<int:nomination_id>/corrections")
@requires("nominations.correct")
def nomination_correct(nomination_id: int):
    campaign = stages.current_campaign()
    nomination = search.get_nomination(campaign, nomination_id)
    entered = {name: request.form[name] for name in (*corrections.CORRECTABLE, "reason") if name in request.form}
    # A field the request leaves out, or a private one left empty (never shown in full), stays as it is.
    values = {name: value for name, value in entered.items()
              if name != "reason" and (value.strip() or name not in corrections.PRIVATE_FIELDS)}
    try:
        changes = corrections.correct(current_user(), nomination.id, values, entered.get("reason"))
    except DomainError as exc:
        if exc.code == "not_submitted":
            raise  # a draft has no correction form to show the answer in: the console's error page says it
        db.session.rollback()
        nomination = search.get_nomination(campaign, nomination_id)
        form = _correction_form(nomination, entered, (exc.details or {}).get("fields"), exc.message)
        return _detail_page(campaign, nomination, form, exc.status)
    flash(f"已更正{'、'.join(rules.LABELS[c['field']] for c in changes)}，已记入操作日志并通知填报人", "info")
    return redirect(url_for("console.nomination_detail", nomination_id=nomination_id, _anchor="correction"))


@bp.get("/nominations/<int:nomination_id>/private")
@requires("nominations.view_private")
def nomination_private(nomination_id: int):
    campaign = stages.current_campaign()
    nomination = search.get_nomination(campaign, nomination_id)
    values = search.reveal_private(nomination, actor=current_user(), ip=client_ip())
    return render_template("console/_private_fields.html", values=values, revealed=True, n=nomination)


@bp.get("/nominations/<int:nomination_id>/files/<int:file_id>")
@requires("nominations.view")
def nomination_file(nomination_id: int, file_id: int):
    """A photo or certificate scan, served on the console's own origin to a logged-in organizer."""
    row, data = uploads.open_file(file_id, current_user())
    if row.nomination_id != nomination_id:
        raise not_found("文件")
    response = send_file(io.BytesIO(data), mimetype=row.content_type, etag=row.sha256, conditional=True)
    # Saved with its extension; a PDF is downloaded, never opened inline on the console's origin.
    response.headers["Content-Disposition"] = downloads.content_disposition(
        downloads.stored_file_name(row.kind, row.id, row.content_type), inline=row.content_type != "application/pdf")
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
