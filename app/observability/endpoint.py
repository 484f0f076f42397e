"""GET /metrics for Prometheus: callers from METRICS_ALLOW (after TRUSTED_PROXIES) or with METRICS_TOKEN.

Counters and histograms come from this process, or, with PROMETHEUS_MULTIPROC_DIR, from the files of
every process (gunicorn's workers and the RQ worker); the live gauges are read at each scrape.
"""
from __future__ import annotations

import hmac
import ipaddress

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess

from app.api.errors import error_body
from app.observability.live import LiveCollector

bp = Blueprint("metrics", __name__)


class _Scrape:
    """What one scrape reads: the counters (this process or all of them) and the live gauges."""

    def __init__(self, multiproc_dir: str):
        if multiproc_dir:
            self.counters = CollectorRegistry()
            multiprocess.MultiProcessCollector(self.counters, path=multiproc_dir)
        else:
            self.counters = REGISTRY
        self.live = LiveCollector()

    def collect(self):
        yield from self.counters.collect()
        yield from self.live.collect()


def _from_allowed_address() -> bool:
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    if getattr(address, "ipv4_mapped", None) is not None:
        address = address.ipv4_mapped
    return any(address in network for network in current_app.config["METRICS_ALLOW"])


def _has_token() -> bool:
    token = current_app.config["METRICS_TOKEN"]
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@bp.get("/metrics")
def metrics():
    if not (_from_allowed_address() or _has_token()):
        answer = jsonify(error_body("metrics_forbidden", "无权读取运行指标：请从允许的地址访问，或携带正确的令牌"))
        answer.status_code = 403
        answer.headers["Cache-Control"] = "no-store"
        return answer
    body = generate_latest(_Scrape(current_app.config["PROMETHEUS_MULTIPROC_DIR"]))
    return Response(body, headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
