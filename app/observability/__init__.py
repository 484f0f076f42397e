"""Observability: structured logs, Prometheus metrics and the request id that ties a request to its jobs.

- context.py: the request id of the work in progress (a request, or the job it enqueued);
- log_setup.py: one JSON (or, in development, text) line per record on stderr, secrets filtered out;
- requests.py: WSGI middleware, one log line and the request metrics per request, X-Request-ID echoed;
- metrics.py: the counters and histograms the processes update (likes, requests, jobs);
- live.py: gauges read when /metrics is scraped (outbox, like stream, broadcasts, worker heartbeats);
- endpoint.py: GET /metrics, for METRICS_ALLOW addresses or the METRICS_TOKEN bearer only.

`metrics` and `context` import nothing of the app, so services may update a counter without a circle.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Logging first (so start-up lines are formatted), then /metrics and the request middleware."""
    from app.observability import endpoint, log_setup, requests

    log_setup.configure(app.config)
    endpoint.init_app(app)
    requests.init_app(app)


def install_middleware(app: Flask) -> None:
    """Wrap the finished WSGI stack (after ProxyFix): every request is timed, the like path included."""
    from app.observability import requests

    requests.install(app)
