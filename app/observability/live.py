"""Gauges read from the database and Redis when /metrics is scraped: the same in every process."""
from __future__ import annotations

import logging
import time

import redis
import sqlalchemy.exc
from prometheus_client.core import GaugeMetricFamily

from app.extensions import db
from app.services.health import queues, workers

log = logging.getLogger(__name__)


def _outbox():
    box = queues.outbox()
    yield GaugeMetricFamily("gc_outbox_depth", "Notifications waiting to be sent (pending or sending)", box.depth)
    yield GaugeMetricFamily("gc_outbox_due", "Waiting notifications due now", box.due)
    yield GaugeMetricFamily("gc_outbox_oldest_age_seconds", "Age of the oldest waiting notification",
                            box.oldest_age_seconds)
    yield GaugeMetricFamily("gc_outbox_oldest_due_age_seconds", "Age of the oldest notification due now",
                            box.oldest_due_age_seconds)
    yield GaugeMetricFamily("gc_outbox_failed_recent", "Notifications failed for good in the last 24 hours",
                            box.failed_recent)


def _like_stream():
    stream = queues.like_stream()
    yield GaugeMetricFamily("gc_like_stream_backlog", "Accepted likes not yet in the ledger", stream.backlog)
    yield GaugeMetricFamily("gc_like_stream_pending", "Likes read by a worker and not yet acknowledged",
                            stream.pending)
    yield GaugeMetricFamily("gc_like_stream_lag_seconds", "Age of the oldest like not yet in the ledger",
                            stream.lag_seconds)


def _broadcasts():
    done = GaugeMetricFamily("gc_broadcast_done", "Deliveries done (sent, skipped or failed) of a broadcast "
                             "being sent", labels=["broadcast"])
    total = GaugeMetricFamily("gc_broadcast_total", "Deliveries expected of a broadcast being sent",
                              labels=["broadcast"])
    for row in queues.broadcasts_sending():
        done.add_metric([str(row["id"])], row["done"])
        total.add_metric([str(row["id"])], row["total"])
    yield done
    yield total


def _workers():
    now = time.time()
    last = GaugeMetricFamily("gc_worker_last_heartbeat_seconds", "Unix time of a worker's last heartbeat",
                             labels=["worker"])
    alive = GaugeMetricFamily("gc_worker_alive", "1 when the worker beat within WORKER_DEAD_SECONDS",
                              labels=["worker"])
    beats = workers.heartbeats(now)
    for beat in beats:
        last.add_metric([beat.worker], beat.last_seen)
        alive.add_metric([beat.worker], 1 if beat.alive else 0)
    yield last
    yield alive
    yield GaugeMetricFamily("gc_workers_alive", "Workers that beat within WORKER_DEAD_SECONDS",
                            sum(1 for b in beats if b.alive))


class LiveCollector:
    """Each part is read on its own: a store that is down leaves its gauges out and sets gc_health_read_ok 0."""

    PARTS = {"outbox": _outbox, "like_stream": _like_stream, "broadcasts": _broadcasts, "workers": _workers}

    def collect(self):
        ok = GaugeMetricFamily("gc_health_read_ok", "1 when the part's figures could be read for this scrape",
                               labels=["part"])
        for name, read in self.PARTS.items():
            try:
                families = list(read())
            except (redis.RedisError, sqlalchemy.exc.SQLAlchemyError):
                db.session.rollback()
                log.warning("metrics: %s could not be read", name, exc_info=True)
                ok.add_metric([name], 0)
                continue
            ok.add_metric([name], 1)
            yield from families
        yield ok
