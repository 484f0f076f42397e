"""Background work on RQ: the queue, enqueueing, and the worker the CLI starts."""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from rq import Queue, SimpleWorker

from app.redis_store import get_redis

log = logging.getLogger(__name__)


def get_queue() -> Queue:
    return Queue(current_app.config["RQ_QUEUE"], connection=get_redis())


def enqueue_notification_delivery(delay_seconds: float | None = None) -> None:
    """Ask the worker to deliver the outbox; if Redis is down the worker's sweep finds the rows later."""
    try:
        queue = get_queue()
        target = "app.tasks.notifications.deliver_notifications_job"
        if delay_seconds:
            queue.enqueue_in(timedelta(seconds=delay_seconds), target)
        else:
            queue.enqueue(target)
    except Exception:  # noqa: BLE001 - the rows are committed; losing the wake-up only delays them
        log.warning("could not enqueue notification delivery; the worker sweep will pick it up", exc_info=True)


def run_worker(burst: bool = False) -> None:
    """Run jobs in this process (it holds the app context), sweeping the outbox first.

    Beside the RQ jobs a thread drains the like stream into the ledger for as long as the worker runs;
    with `burst` the stream is drained once, then the queued jobs run and the worker exits.
    """
    from app.services.like_stream import consumer_name, drain_all
    from app.tasks.likes import start_drain_thread
    from app.tasks.notifications import deliver_notifications_job

    deliver_notifications_job()
    app = current_app._get_current_object()
    drainer = None
    if burst:
        drain_all(consumer_name())
    else:
        drainer = start_drain_thread(app)
    # SimpleWorker: no fork per job, so the database pool is never shared across processes.
    worker = SimpleWorker([get_queue()], connection=get_redis())
    try:
        worker.work(burst=burst, with_scheduler=not burst, logging_level="INFO")
    finally:
        if drainer is not None:
            thread, stop = drainer
            stop.set()
            thread.join(timeout=10)
