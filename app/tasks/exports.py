"""The job that builds an export file (progress goes to job.meta for the console to poll), and the worker's
start-up sweep that rebuilds exports a stopped (killed) worker left unfinished.

While a job builds an export it holds a lease in Redis (`exports:building:{id}` = "host:pid"), renewed as rows are
written. A worker killed mid-build leaves the export "running" and its lease behind: the next worker's sweep sees
that the lease is gone (it ran out) or names a process of this host that no longer exists, and queues the build
again. A job that finds the export already done, or another live builder's lease, does nothing: one file, built
once to the end.
"""
from __future__ import annotations

import logging
import os
import socket

import redis
from rq import get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job

from app.extensions import db
from app.models import Campaign, ExportFile
from app.redis_store import get_redis
from app.services import jobs
from app.services.exports import queued, workbook

log = logging.getLogger(__name__)

LEASE_SECONDS = 60  # renewed every 25 rows; a killed builder's lease runs out after this at the latest


def _lease_key(export_id: int) -> str:
    return f"exports:building:{export_id}"


def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _owner_gone(owner: str) -> bool:
    """The lease names a process of this host that no longer runs (another host's: it must run out)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return int(pid) == os.getpid()  # this very process is starting: whatever it held before is gone


def build_export_job(export_id: int) -> int:
    job = get_current_job()
    client = get_redis()
    key = _lease_key(export_id)
    if not client.set(key, _me(), nx=True, ex=LEASE_SECONDS):
        log.info("export %s is being built by %s; not twice", export_id, client.get(key))
        return 0
    try:
        export = db.session.get(ExportFile, export_id)
        if export is None or export.status == "done":
            return export.row_count if export is not None else 0
        queued.mark_running(export)
        campaign = db.session.get(Campaign, export.campaign_id)

        def progress(done: int, total: int) -> None:
            client.expire(key, LEASE_SECONDS)
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
        if client.get(key) == _me().encode():
            client.delete(key)


def _job_waiting(job_id: str | None) -> bool:
    """The export's job is still queued (or scheduled) in Redis: it will run without help."""
    if not job_id:
        return False
    try:
        return Job.fetch(job_id, connection=get_redis()).get_status() in ("queued", "scheduled", "deferred")
    except NoSuchJobError:
        return False


def resume_exports_job() -> list[int]:
    """Queue again every export left unfinished by a worker that is gone; their ids."""
    resumed = []
    try:
        client = get_redis()
        for export in queued.unfinished():
            owner = client.get(_lease_key(export.id))
            if owner is not None:
                if not _owner_gone(owner.decode()):
                    # Being built now; should its builder die, its lease runs out and a later look resumes it.
                    jobs.enqueue("exports.resume", delay_seconds=LEASE_SECONDS + 1)
                    continue
                client.delete(_lease_key(export.id))
            elif export.status == "queued" and _job_waiting(export.rq_job_id):
                continue
            queued.requeue(export)
            resumed.append(export.id)
            log.warning("export %s: left unfinished by a stopped worker; building it again", export.id)
    except redis.RedisError:
        log.warning("exports: Redis unavailable; unfinished exports are resumed at the next start", exc_info=True)
    finally:
        db.session.remove()
    return resumed
