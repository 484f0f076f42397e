"""The RQ worker with a log line and metrics per job, and the heartbeat thread beside it.

A job carries the request id of the request that enqueued it (its meta, set in app/tasks `_submit`):
the job's log lines, and any job it enqueues in turn, carry it on.
"""
from __future__ import annotations

import logging
import threading
import time

import redis
from flask import Flask
from rq import SimpleWorker

from app.observability import context, metrics
from app.services.health import workers as heartbeats

log = logging.getLogger("app.jobs")  # one line per job, from checked fields only (log_setup.TRUSTED_LOGGERS)
heartbeat_log = logging.getLogger(__name__)
REQUEST_ID_META = "request_id"


def job_name(func_name: str, targets: dict[str, str]) -> str:
    for name, target in targets.items():
        if target == func_name:
            return name
    return func_name


class ObservedWorker(SimpleWorker):
    """SimpleWorker (no fork per job) that times each job and writes one line for it."""

    job_targets: dict[str, str] = {}

    def perform_job(self, job, queue, execution) -> bool:
        request_id = (job.meta or {}).get(REQUEST_ID_META)
        name = job_name(job.func_name, self.job_targets)
        token = context.request_id.set(request_id)
        started = time.perf_counter()
        succeeded = False
        try:
            succeeded = super().perform_job(job, queue, execution)
            return succeeded
        finally:
            seconds = time.perf_counter() - started
            outcome = "ok" if succeeded else "failed"
            metrics.job_ran(name, outcome, seconds)
            duration_ms = round(seconds * 1000, 1)
            log.log(logging.INFO if succeeded else logging.WARNING, "job %s %s %.1fms", name, outcome, duration_ms,
                    extra={"job": name, "job_id": job.id, "outcome": outcome, "duration_ms": duration_ms,
                           "request_id": request_id})
            context.request_id.reset(token)


def _beat_loop(app: Flask, name: str, stop: threading.Event) -> None:
    with app.app_context():
        interval = app.config["WORKER_HEARTBEAT_SECONDS"]
        while not stop.is_set():
            try:
                heartbeats.beat(name)
            except redis.RedisError:
                heartbeat_log.warning("heartbeat: Redis unavailable; trying again", exc_info=True)
            stop.wait(interval)


def start_heartbeat_thread(app: Flask, name: str) -> tuple[threading.Thread, threading.Event]:
    """Beat now and every WORKER_HEARTBEAT_SECONDS until the event is set (also while a long job runs)."""
    stop = threading.Event()
    thread = threading.Thread(target=_beat_loop, args=(app, name, stop), name="heartbeat", daemon=True)
    thread.start()
    return thread, stop
