"""Exports that take a while: requested in the console, built by the worker, kept for download."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, ExportFile, User
from app.models.base import utcnow
from app.services import audit, jobs
from app.services.errors import DomainError, not_found
from app.services.exports.workbook import local_time

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def request_all_nominations(campaign: Campaign, *, actor: User) -> ExportFile:
    """Queue a workbook of every nomination; commits, then enqueues (the job finds its row)."""
    running = db.session.scalar(sa.select(ExportFile).where(
        ExportFile.kind == "all_nominations", ExportFile.campaign_id == campaign.id,
        ExportFile.requested_by_id == actor.id, ExportFile.status.in_(("queued", "running"))))
    if running is not None:
        return running
    export = ExportFile(kind="all_nominations", campaign_id=campaign.id, requested_by_id=actor.id, status="queued")
    db.session.add(export)
    db.session.flush()
    audit.record("export.requested", "export", export.id, actor=actor, data={"kind": export.kind})
    db.session.commit()
    try:
        job_id = _enqueue_build(export)
    except Exception as exc:  # noqa: BLE001 - Redis down: say so, and keep the row as failed
        export.status, export.error = "failed", "任务队列暂时不可用"
        db.session.commit()
        raise DomainError("queue_unavailable", "后台任务队列暂时不可用，请稍后再试", 503) from exc
    export.rq_job_id = job_id
    db.session.commit()
    return export


def _enqueue_build(export: ExportFile) -> str:
    return jobs.enqueue("exports.build", export.id, job_timeout=1800, result_ttl=86400, meta={"done": 0, "total": None})


def unfinished() -> list[ExportFile]:
    """Exports queued or being built (the worker's start-up sweep looks for those a stopped worker left)."""
    return list(db.session.scalars(sa.select(ExportFile).where(ExportFile.status.in_(("queued", "running")))
                                   .order_by(ExportFile.id)))


def requeue(export: ExportFile) -> None:
    """Build it again from the start (the rows a stopped build wrote are not kept); raises if Redis is down."""
    export.status, export.rq_job_id = "queued", _enqueue_build(export)
    db.session.commit()


def get_export(export_id: int) -> ExportFile:
    export = db.session.get(ExportFile, export_id)
    if export is None:
        raise not_found("导出文件")
    return export


def recent(campaign: Campaign, limit: int = 20) -> list[ExportFile]:
    return list(db.session.scalars(sa.select(ExportFile).where(ExportFile.campaign_id == campaign.id)
                                   .order_by(ExportFile.id.desc()).limit(limit)))


def progress(export: ExportFile) -> dict:
    """Status and progress: the database says where the export is, the job's meta how far it got."""
    done, total = (export.row_count or 0), export.row_count
    if export.status in ("queued", "running") and export.rq_job_id:
        meta = jobs.progress(export.rq_job_id)
        if meta is not None:
            done, total = meta.get("done", 0), meta.get("total")
    percent = 100 if export.status == "done" else (int(done * 100 / total) if total else 0)
    return {"status": export.status, "done": done, "total": total, "percent": percent}


def mark_running(export: ExportFile) -> None:
    export.status = "running"
    db.session.commit()


def store_result(export: ExportFile, content: bytes, rows: int, file_name: str) -> None:
    export.content, export.row_count, export.file_name = content, rows, file_name
    export.status, export.finished_at = "done", utcnow()
    db.session.commit()


def store_failure(export: ExportFile, message: str) -> None:
    export.status, export.error, export.finished_at = "failed", message[:500], utcnow()
    db.session.commit()


def download(export: ExportFile, *, actor: User) -> tuple[bytes, str]:
    """The stored file; each download is logged (the workbook holds private data)."""
    if export.status != "done" or export.content is None:
        raise DomainError("export_not_ready", "文件尚未生成完成", 409)
    audit.record("export.downloaded", "export", export.id, actor=actor, data={"kind": export.kind})
    db.session.commit()
    return export.content, export.file_name


def file_name_for(campaign: Campaign, when: datetime | None = None) -> str:
    """The workbook's name, stamped with the time people of the campaign read on their clocks."""
    when = local_time(campaign, when or utcnow())
    return f"{campaign.year}港城工匠推荐对象汇总_{when:%Y%m%d%H%M}.xlsx"
