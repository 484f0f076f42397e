"""Exports: all nominations as .xlsx built in the background (progress polled by htmx), and downloads."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, redirect, render_template, request, url_for

from app.console import bp
from app.console.session import current_user, requires
from app.models import EXPORT_KINDS, EXPORT_STATUSES
from app.services import export_jobs, form_exports, organization_admin, stages

# htmx stops polling when it receives this status (https://htmx.org/attributes/hx-trigger/).
HTMX_STOP_POLLING = 286


def attachment(content: bytes, file_name: str, mimetype: str) -> Response:
    # RFC 5987: Chinese file names survive every browser.
    disposition = f"attachment; filename=export{file_name[file_name.rfind('.'):]}; filename*=UTF-8''{quote(file_name)}"
    return Response(content, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.get("/exports")
@requires("exports.run")
def exports():
    campaign = stages.current_campaign()
    units = [row for row in organization_admin.list_organizations(campaign) if row.quota is not None]
    return render_template("console/exports.html", exports=export_jobs.recent(campaign), kinds=EXPORT_KINDS,
                           statuses=EXPORT_STATUSES, progress=export_jobs.progress, units=units)


@bp.post("/exports/all-nominations")
@requires("exports.run")
def export_all_nominations():
    campaign = stages.current_campaign()
    export = export_jobs.request_all_nominations(campaign, actor=current_user())
    if request.headers.get("HX-Request"):
        return render_template("console/_export_status.html", export=export, progress=export_jobs.progress(export),
                               statuses=EXPORT_STATUSES, kinds=EXPORT_KINDS)
    return redirect(url_for("console.exports"))


@bp.get("/exports/<int:export_id>/status")
@requires("exports.run")
def export_status(export_id: int):
    export = export_jobs.get_export(export_id)
    progress = export_jobs.progress(export)
    html = render_template("console/_export_status.html", export=export, progress=progress,
                           statuses=EXPORT_STATUSES, kinds=EXPORT_KINDS)
    finished = progress["status"] in ("done", "failed")
    return html, (HTMX_STOP_POLLING if finished and request.headers.get("HX-Request") else 200)


@bp.get("/exports/<int:export_id>/download")
@requires("exports.run")
def export_download(export_id: int):
    export = export_jobs.get_export(export_id)
    content, file_name = export_jobs.download(export, actor=current_user())
    return attachment(content, file_name, export_jobs.XLSX_TYPE)


# --- the notice's two forms, built by services.exports through services.form_exports (each download logged) --

@bp.get("/nominations/<int:nomination_id>/attachment1.docx")
@requires("exports.run")
def attachment1(nomination_id: int):
    file_name, mimetype, content = form_exports.form_of(current_user(), nomination_id)
    return attachment(content, file_name, mimetype)


@bp.get("/organizations/<int:org_id>/attachment2.xlsx")
@requires("exports.run")
def attachment2(org_id: int):
    file_name, mimetype, content = form_exports.summary_of(current_user(), org_id)
    return attachment(content, file_name, mimetype)
