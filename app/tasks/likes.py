"""The like drainer: a loop that moves the like stream into the ledger, inside the worker or alone.

`flask --app app worker` runs it in a thread beside the RQ jobs; `flask --app app likes drain` runs it
alone (several may run at once: the consumer group shares the stream). Now and then it also
finishes voids that stopped before lowering the counts and forgets consumers long gone.
"""
from __future__ import annotations

import logging
import threading
import time

import redis
import sqlalchemy.exc
from flask import Flask

from app.extensions import db
from app.services.likes import stream as like_stream
from app.services.likes import voids as like_voids

log = logging.getLogger(__name__)
MAINTENANCE_SECONDS = 30.0


def run_drain_loop(app: Flask, stop: threading.Event, *, block_ms: int = 1000,
                   consumer: str | None = None) -> None:
    """Drain until `stop` is set; a Redis or database outage is waited out, never fatal."""
    consumer = consumer or like_stream.consumer_name()
    last_maintenance = 0.0
    with app.app_context():
        log.info("likes: draining the like stream as %s", consumer)
        while not stop.is_set():
            try:
                like_stream.drain(consumer, block_ms=block_ms)
                if time.monotonic() - last_maintenance >= MAINTENANCE_SECONDS:
                    last_maintenance = time.monotonic()
                    like_voids.apply_pending()
                    like_stream.forget_idle_consumers()
            except (redis.ConnectionError, redis.TimeoutError, sqlalchemy.exc.OperationalError):
                log.warning("likes: Redis or the database is unavailable; retrying", exc_info=True)
                stop.wait(1.0)
            except Exception:  # noqa: BLE001 - the entries stay pending; keep the loop alive
                log.exception("likes: draining failed; retrying")
                stop.wait(1.0)
            finally:
                db.session.remove()


def start_drain_thread(app: Flask, **kwargs) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(target=run_drain_loop, args=(app, stop), kwargs=kwargs,
                              name="likes-drain", daemon=True)
    thread.start()
    return thread, stop
