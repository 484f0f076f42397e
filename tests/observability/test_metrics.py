"""/metrics: likes by outcome and reason, requests by route, live gauges; who may read it; multiprocess mode."""
from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
import time
from pathlib import Path

from app.extensions import db
from app.models import Notification
from app.services.health import workers
from tests.factories.likes import auth, make_nominee, make_user
from tests.observability.conftest import scrape, value

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}
TOKEN = "scrape-token-5f1c2a9e7b"


def test_a_like_accepted_and_one_refused_are_counted_by_reason(client, campaign):
    nominee = make_nominee(campaign)
    headers = auth(make_user("alice"))
    before = scrape(client)

    for expected in (200, 409):
        response = client.post(f"/api/v1/nominees/{nominee.id}/like", headers=headers)
        response.close()  # the request is counted once its body is sent, as a WSGI server closes it
        assert response.status_code == expected

    after = scrape(client)
    for labels, added in ({"outcome": "accepted", "reason": "new"}, 1), \
                         ({"outcome": "refused", "reason": "already_liked_today"}, 1), \
                         ({"outcome": "refused", "reason": "daily_limit_reached"}, 0):
        assert value(after, "gc_likes_total", **labels) - value(before, "gc_likes_total", **labels) == added, labels
    like = {"route": "/api/v1/nominees/<int:nomination_id>/like", "method": "POST"}
    assert value(after, "gc_http_requests_total", **like, status="200") - \
        value(before, "gc_http_requests_total", **like, status="200") == 1
    assert value(after, "gc_http_request_duration_seconds_count", **like, status="409") >= 1


def test_metrics_answer_loopback_and_refuse_other_addresses_without_the_token(client, app, monkeypatch):
    assert client.get("/metrics").status_code == 200  # the test client calls from 127.0.0.1

    refused = client.get("/metrics", environ_base=OUTSIDE)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "metrics_forbidden"
    assert "gc_" not in refused.get_data(as_text=True)
    # Without trusted proxies a forwarded address is the caller's own claim, and counts for nothing.
    spoofed = client.get("/metrics", environ_base=OUTSIDE, headers={"X-Forwarded-For": "127.0.0.1"})
    assert spoofed.status_code == 403

    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    assert client.get("/metrics", environ_base=OUTSIDE, headers={"Authorization": "Bearer wrong-token-000000"}
                      ).status_code == 403
    allowed = client.get("/metrics", environ_base=OUTSIDE, headers={"Authorization": f"Bearer {TOKEN}"})
    assert allowed.status_code == 200 and "gc_http_requests_total" in allowed.get_data(as_text=True)

    monkeypatch.setitem(app.config, "METRICS_ALLOW", (ipaddress.ip_network("203.0.113.0/24"),))
    assert client.get("/metrics", environ_base=OUTSIDE).status_code == 200
    assert client.get("/metrics").status_code == 403  # loopback is no longer in the list


def test_live_gauges_show_the_outbox_the_like_stream_and_worker_heartbeats(client, campaign, ctx):
    user = make_user("carol")
    db.session.add(Notification(user_id=user.id, event="broadcast", channel="subscribe", title="t", body="b"))
    db.session.commit()
    nominee = make_nominee(campaign)
    assert client.post(f"/api/v1/nominees/{nominee.id}/like", headers=auth(user)).status_code == 200
    workers.beat("worker-a", now=time.time() - 5)
    workers.beat("worker-b", now=time.time() - 3600)

    samples = scrape(client)

    assert value(samples, "gc_outbox_depth") == 1
    assert value(samples, "gc_like_stream_backlog") >= 1  # accepted, not yet drained into the ledger
    assert value(samples, "gc_like_stream_lag_seconds") >= 0
    assert value(samples, "gc_worker_alive", worker="worker-a") == 1
    assert value(samples, "gc_worker_alive", worker="worker-b") == 0
    assert value(samples, "gc_workers_alive") == 1
    assert value(samples, "gc_health_read_ok", part="outbox") == 1


def test_multiprocess_mode_adds_up_the_counts_of_every_process(app, tmp_path, monkeypatch):
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    # Two processes (as two gunicorn workers) count likes and requests through the app's own metrics module.
    script = ("import sys\nfrom app.observability import metrics\nfor _ in range(int(sys.argv[1])):\n"
              "    metrics.like_accepted(False)\n    metrics.request_answered('/api/v1/ping', 'GET', '200', 0.002)\n"
              "metrics.like_refused('too_fast')\n")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}
    processes = [subprocess.Popen([sys.executable, "-c", script, str(n)], cwd=ROOT, env=env) for n in (3, 4)]
    assert [p.wait(timeout=60) for p in processes] == [0, 0]
    assert len(list(metrics_dir.glob("counter_*.db"))) == 2  # one file per process

    monkeypatch.setitem(app.config, "PROMETHEUS_MULTIPROC_DIR", str(metrics_dir))
    samples = scrape(app.test_client())
    assert value(samples, "gc_likes_total", outcome="accepted", reason="new") == 7
    assert value(samples, "gc_likes_total", outcome="refused", reason="too_fast") == 2
    assert value(samples, "gc_http_requests_total", route="/api/v1/ping", method="GET", status="200") == 7
    assert value(samples, "gc_http_request_duration_seconds_count", route="/api/v1/ping", method="GET",
                 status="200") == 7
    assert value(samples, "gc_health_read_ok", part="like_stream") == 1  # the live gauges are still there


def test_behind_a_trusted_proxy_the_forwarded_caller_is_checked_not_the_proxy(app):
    from app import create_app

    behind_proxy = create_app({"TESTING": True, "TRUSTED_PROXIES": 1})
    client = behind_proxy.test_client()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}  # nginx on the same host

    outsider = client.get("/metrics", environ_base=proxy, headers={"X-Forwarded-For": "203.0.113.9"})
    assert outsider.status_code == 403  # the proxy's loopback address opens nothing for the caller behind it
    local = client.get("/metrics", environ_base=proxy, headers={"X-Forwarded-For": "127.0.0.1"})
    assert local.status_code == 200
