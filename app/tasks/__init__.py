"""Background work on RQ: the queue, the jobs the domain may ask for by name, and the worker the CLI starts.

Services ask for work through `app.services.jobs` (a name and arguments); `init_app` installs this
runner there, so the domain never imports the job runner.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
from datetime import timedelta
from typing import Any

from flask import Flask, current_app
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job

from app.observability import context
from app.redis_store import get_redis
from app.services import jobs
from app.tasks.observed import REQUEST_ID_META, ObservedWorker

# What each job name of the domain runs (RQ imports the function by its dotted path).
JOB_TARGETS = {
    "notifications.deliver": "app.tasks.notifications.deliver_notifications_job",
    "exports.build": "app.tasks.exports.build_export_job",
    "exports.resume": "app.tasks.exports.resume_exports_job",
    "articles.publish_due": "app.tasks.articles.publish_due_job",
    "bot.follow_up": "app.tasks.bot.follow_up_job",
    "broadcasts.send": "app.tasks.broadcasts.send_broadcast_job",
    "broadcasts.send_due": "app.tasks.broadcasts.send_due_job",
    "campaigns.announce_stage": "app.tasks.campaigns.announce_stage_job",
}


def get_queue() -> Queue:
    return Queue(current_app.config["RQ_QUEUE"], connection=get_redis())


def _submit(target: str, args: tuple, delay_seconds: float | None, options: dict[str, Any]) -> str:
    queue = get_queue()
    request_id = context.current_request_id()
    if request_id is not None:  # the job's log lines name the request that asked for it
        options = {**options, "meta": {**(options.get("meta") or {}), REQUEST_ID_META: request_id}}
    if delay_seconds:
        return queue.enqueue_in(timedelta(seconds=delay_seconds), target, *args, **options).id
    return queue.enqueue(target, *args, **options).id


def _read_progress(job_id: str) -> dict | None:
    try:
        meta = dict(Job.fetch(job_id, connection=get_redis()).meta)
    except NoSuchJobError:
        return None
    meta.pop(REQUEST_ID_META, None)
    return meta


def init_app(app: Flask) -> None:
    jobs.install(app, jobs.JobRunner(targets=JOB_TARGETS, submit=_submit, read_progress=_read_progress))


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_the_worker() -> None:
    """In a process the worker forks (RQ's scheduler): stop when the worker stops, however it stops.

    The fork holds copies of the worker's database connections. Were the worker killed (SIGKILL, the OOM
    killer) and the scheduler left running, PostgreSQL would keep the killed worker's sessions open, their
    transactions idle and their row locks held, and a restarted worker would wait on them for ever.
    """
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # RQ's scheduler stops on SIGTERM
    except (OSError, AttributeError):  # not Linux: the scheduler stops with the worker's clean stops only
        return
    if os.getppid() != parent:  # the worker died before the request above
        os._exit(0)


def run_worker(burst: bool = False) -> None:
    """Run jobs in this process (it holds the app context), publishing due articles, sweeping the outbox and
    resuming broadcasts and exports first.

    Beside the RQ jobs a thread drains the like stream into the ledger for as long as the worker runs;
    with `burst` the stream is drained once, then the queued jobs run and the worker exits. A heartbeat
    thread writes the time into Redis every WORKER_HEARTBEAT_SECONDS (a burst run beats once).
    """
    from app.services.health.workers import beat
    from app.services.likes.stream import consumer_name, drain_all
    from app.tasks.articles import publish_due_job
    from app.tasks.broadcasts import send_due_job
    from app.tasks.exports import resume_exports_job
    from app.tasks.likes import start_drain_thread
    from app.tasks.notifications import deliver_notifications_job
    from app.tasks.observed import start_heartbeat_thread

    app = current_app._get_current_object()
    drainer = heart = None
    if burst:
        beat(consumer_name())
    else:
        heart = start_heartbeat_thread(app, consumer_name())
    publish_due_job()  # scheduled articles whose wake-up was lost (Redis down when they were scheduled)
    deliver_notifications_job()
    send_due_job()  # broadcasts due or left sending by a worker that was stopped (killed) mid-send
    resume_exports_job()  # exports a killed worker left half built
    if burst:
        drain_all(consumer_name())
    else:
        from app.tasks.campaigns import announce_stage_job

        announce_stage_job()  # a stage opened by date while no worker ran; then every local midnight
        drainer = start_drain_thread(app)
    # SimpleWorker: no fork per job, so the database pool is never shared across processes.
    if not burst:
        os.register_at_fork(after_in_child=_die_with_the_worker)
    worker = ObservedWorker([get_queue()], connection=get_redis())
    worker.job_targets = JOB_TARGETS
    try:
        worker.work(burst=burst, with_scheduler=not burst, logging_level="INFO")
    finally:
        for running in (drainer, heart):
            if running is not None:
                thread, stop = running
                stop.set()
                thread.join(timeout=10)
