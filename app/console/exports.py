"""Exports: all nominations as .xlsx built in the background (progress polled by htmx), and downloads."""
from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for

from app.console.blueprint import bp
from app.console.session import current_user, requires
from app.models import EXPORT_KINDS, EXPORT_STATUSES
from app.services.campaigns import stages
from app.services.exports import form_downloads, queued
from app.services.materials import downloads
from app.services.organizations import admin

# htmx stops polling when it receives this status (https://htmx.org/attributes/hx-trigger/).
HTMX_STOP_POLLING = 286


def attachment(content: bytes, file_name: str, mimetype: str, ascii_name: str | None = None) -> Response:
    # RFC 5987: Chinese file names survive every browser; the plain name is for clients that read only that.
    disposition = downloads.content_disposition(file_name, ascii_name or f"export{file_name[file_name.rfind('.'):]}")
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.get("/exports")
@requires("exports.run")
def exports():
    campaign = stages.current_campaign()
    units = [row for row in admin.list_organizations(campaign) if row.quota is not None]
    return render_template("console/exports.html", exports=queued.recent(campaign), kinds=EXPORT_KINDS,
                           statuses=EXPORT_STATUSES, progress=queued.progress, units=units)


@bp.post("/exports/all-nominations")
@requires("exports.run")
def export_all_nominations():
    campaign = stages.current_campaign()
    export = queued.request_all_nominations(campaign, actor=current_user())
    if request.headers.get("HX-Request"):  # the whole list: the new row on top, never twice when one was running
        return render_template("console/_export_list.html", exports=queued.recent(campaign), kinds=EXPORT_KINDS,
                               statuses=EXPORT_STATUSES, progress=queued.progress)
    return redirect(url_for("console.exports"))


@bp.get("/exports/<int:export_id>/status")
@requires("exports.run")
def export_status(export_id: int):
    export = queued.get_export(export_id)
    progress = queued.progress(export)
    html = render_template("console/_export_status.html", export=export, progress=progress,
                           statuses=EXPORT_STATUSES, kinds=EXPORT_KINDS)
    finished = progress["status"] in ("done", "failed")
    return html, (HTMX_STOP_POLLING if finished and request.headers.get("HX-Request") else 200)


@bp.get("/exports/<int:export_id>/download")
@requires("exports.run")
def export_download(export_id: int):
    export = queued.get_export(export_id)
    content, file_name = queued.download(export, actor=current_user())
    return attachment(content, file_name, queued.XLSX_TYPE)


# --- the notice's two forms, built by services.exports.forms through exports.form_downloads (each download logged) --

@bp.get("/nominations/<int:nomination_id>/attachment1.docx")
@requires("exports.run")
def attachment1(nomination_id: int):
    file_name, ascii_name, mimetype, content = form_downloads.form_of(current_user(), nomination_id)
    return attachment(content, file_name, mimetype, ascii_name)


@bp.get("/organizations/<int:org_id>/attachment2.xlsx")
@requires("exports.run")
def attachment2(org_id: int):
    file_name, ascii_name, mimetype, content = form_downloads.summary_of(current_user(), org_id)
    return attachment(content, file_name, mimetype, ascii_name)
