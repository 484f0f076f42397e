"""The job that builds an export file; progress goes to job.meta for the console to poll."""
from __future__ import annotations

import logging

from rq import get_current_job

from app.extensions import db
from app.models import Campaign, ExportFile
from app.services import export_jobs, nomination_workbook

log = logging.getLogger(__name__)


def build_export_job(export_id: int) -> int:
    job = get_current_job()
    try:
        export = db.session.get(ExportFile, export_id)
        if export is None:
            return 0
        export_jobs.mark_running(export)
        campaign = db.session.get(Campaign, export.campaign_id)

        def progress(done: int, total: int) -> None:
            if job is not None:
                job.meta.update({"done": done, "total": total})
                job.save_meta()

        try:
            content, rows = nomination_workbook.build(campaign, progress)
        except Exception as exc:
            db.session.rollback()
            log.exception("export %s failed", export_id)
            export_jobs.store_failure(db.session.get(ExportFile, export_id), f"生成失败：{type(exc).__name__}")
            raise
        export_jobs.store_result(export, content, rows, export_jobs.file_name_for(campaign))
        return rows
    finally:
        db.session.remove()
