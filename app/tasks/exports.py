"""The job that builds an export file; progress goes to job.meta for the console to poll."""
from __future__ import annotations

import logging

from rq import get_current_job

from app.extensions import db
from app.models import Campaign, ExportFile
from app.services.exports import queued, workbook

log = logging.getLogger(__name__)


def build_export_job(export_id: int) -> int:
    job = get_current_job()
    try:
        export = db.session.get(ExportFile, export_id)
        if export is None:
            return 0
        queued.mark_running(export)
        campaign = db.session.get(Campaign, export.campaign_id)

        def progress(done: int, total: int) -> None:
            if job is not None:
                job.meta.update({"done": done, "total": total})
                job.save_meta()

        try:
            content, rows = workbook.build(campaign, progress)
        except Exception as exc:
            db.session.rollback()
            log.exception("export %s failed", export_id)
            queued.store_failure(db.session.get(ExportFile, export_id), f"生成失败：{type(exc).__name__}")
            raise
        queued.store_result(export, content, rows, queued.file_name_for(campaign))
        return rows
    finally:
        db.session.remove()
