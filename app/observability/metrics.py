"""The counters and histograms of the app's processes (prometheus-client).

With PROMETHEUS_MULTIPROC_DIR set in the environment before the first import (gunicorn's workers and
the RQ worker under `flask --app app serve` or systemd), every process writes its values to files
there and /metrics adds them up; without it each process counts on its own (the development server).
Gauges that describe shared state (outbox, like stream, heartbeats) are not kept here: live.py reads
them when /metrics is scraped, so they are right whichever process answers.
"""
from __future__ import annotations

from prometheus_client import Counter, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter("gc_http_requests_total", "HTTP requests answered, by route (the URL rule), method and status",
                   ["route", "method", "status"])
REQUEST_SECONDS = Histogram("gc_http_request_duration_seconds", "Time to answer an HTTP request, body included",
                            ["route", "method", "status"], buckets=LATENCY_BUCKETS)
LIKES = Counter("gc_likes_total", "Likes decided: accepted (new or replayed) or refused, by reason",
                ["outcome", "reason"])
JOBS = Counter("gc_jobs_total", "Background jobs run, by job name and outcome", ["job", "outcome"])
JOB_SECONDS = Histogram("gc_job_duration_seconds", "Time a background job ran", ["job"],
                        buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0))


def like_accepted(replayed: bool) -> None:
    LIKES.labels("accepted", "replayed" if replayed else "new").inc()


def like_refused(reason: str) -> None:
    LIKES.labels("refused", reason).inc()


_request_children: dict[tuple[str, str, str], tuple] = {}


def request_answered(route: str, method: str, status: str, seconds: float) -> None:
    # The labelled children are kept: `labels()` takes a lock and builds a key on every call.
    key = (route, method, status)
    children = _request_children.get(key)
    if children is None:
        children = _request_children[key] = (REQUESTS.labels(*key), REQUEST_SECONDS.labels(*key))
    children[0].inc()
    children[1].observe(seconds)


def job_ran(job: str, outcome: str, seconds: float) -> None:
    JOBS.labels(job, outcome).inc()
    JOB_SECONDS.labels(job).observe(seconds)
