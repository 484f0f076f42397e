"""Liveness of the service and its backing stores, and a constant endpoint for benchmarks."""
import sqlalchemy as sa
from flask import Blueprint, jsonify

from app.extensions import db
from app.redis_store import get_redis

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    checks = {}
    try:
        db.session.execute(sa.text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unusable
        db.session.rollback()
        checks["database"] = "unavailable"
    try:
        get_redis().ping()
        checks["redis"] = "ok"
    except Exception:  # noqa: BLE001
        checks["redis"] = "unavailable"
    healthy = all(v == "ok" for v in checks.values())
    return jsonify({"status": "ok" if healthy else "unavailable", **checks}), 200 if healthy else 503


@bp.get("/api/v1/ping")
def ping():
    return jsonify({"pong": True})
