"""Structured logs: one JSON line per request and per job, the request id carried into jobs, no secrets."""
from __future__ import annotations

import io
import json
import logging
import re

from app.observability.log_setup import make_handler
from tests.console.conftest import run_worker_burst
from tests.factories.likes import auth, make_nominee, make_user
from tests.observability.conftest import scrape, value


def test_a_request_writes_one_line_with_its_id_user_route_status_and_duration(client, campaign, log_lines):
    user = make_user("alice")
    nominee = make_nominee(campaign)

    response = client.get(f"/api/v1/nominations/{nominee.id}", headers={**auth(user), "X-Request-ID": "edge-7f3a.1"})

    response.close()  # the line is written once the body is sent (a WSGI server closes every answer)
    assert response.headers["X-Request-ID"] == "edge-7f3a.1"  # the proxy's id is honoured and echoed
    [line] = log_lines("app.requests")
    assert line["request_id"] == "edge-7f3a.1"
    assert line["user_id"] == user.id
    assert line["route"] == "/api/v1/nominations/<int:nomination_id>"  # the rule, never the raw path
    assert line["method"] == "GET" and line["status"] == response.status_code
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO" and "time" in line


def test_the_like_path_answered_before_flask_is_logged_with_its_rule_and_user(client, campaign, log_lines):
    user = make_user("bob")
    nominee = make_nominee(campaign)

    response = client.post(f"/api/v1/nominees/{nominee.id}/like", headers=auth(user))

    response.close()
    assert response.status_code == 200
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # made when the caller sent none
    [line] = [line for line in log_lines("app.requests") if line["request_id"] == request_id]
    assert line["route"] == "/api/v1/nominees/<int:nomination_id>/like"
    assert line["user_id"] == user.id and line["method"] == "POST" and line["status"] == 200


def test_an_unacceptable_request_id_is_replaced_and_unknown_paths_share_one_route(client, log_lines):
    response = client.get("/no/such/page/13912345678", headers={"X-Request-ID": "x" * 65})

    response.close()
    assert response.status_code == 404
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])
    [line] = log_lines("app.requests")
    assert line["route"] == "<unmatched>" and line["user_id"] is None and line["status"] == 404


def test_the_wechat_emulators_paths_are_logged_with_its_rules(client, log_lines):
    response = client.post("/_wechat-emulator/followers/o-unknown/interactions", json={})

    response.close()
    [line] = log_lines("app.requests")
    assert line["route"] == "/_wechat-emulator/followers/<openid>/interactions", line


def test_a_job_writes_one_line_with_the_request_id_that_enqueued_it(app, organizer_console, log_lines):
    response = organizer_console.post("/console/exports/all-nominations", token_from="/console/exports",
                                      headers={"X-Request-ID": "export-request-42"})
    assert response.status_code in (200, 302, 303)

    run_worker_burst(app)

    jobs = [line for line in log_lines("app.jobs") if line["job"] == "exports.build"]
    assert len(jobs) == 1
    job = jobs[0]
    assert job["request_id"] == "export-request-42"
    assert job["outcome"] == "ok" and job["job_id"] and job["duration_ms"] >= 0


def test_secrets_never_reach_a_log_line(app):
    stream = io.StringIO()
    config = {**app.config, "LOG_FORMAT": "json", "METRICS_TOKEN": "metrics-token-0123456789"}
    logger = logging.getLogger("tests.secrets")
    logger.addHandler(make_handler(config, stream))
    logger.propagate = False
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl"
    try:
        logger.info("login with password=hunter2-secret, mobile 13912345678, +86 13800138000, header "
                    "Authorization: Bearer %s, key %s, scrape token %s", jwt, app.config["SECRET_KEY"],
                    "metrics-token-0123456789")
        logger.warning("called %s", "https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=s3cr3t-app"
                       "&js_code=081abc", extra={"access_token": "ACCESS-123", "password": "p@ss-word-1",
                                                 "mobile": "13700001111", "note": '{"token": "tok-999"}'})
        try:
            raise ValueError(f"refused {jwt} for 15912345678")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.handlers.clear()
        logger.propagate = True

    text = stream.getvalue()
    for secret in ("hunter2-secret", "13912345678", "13800138000", jwt, app.config["SECRET_KEY"],
                   "metrics-token-0123456789", "s3cr3t-app", "081abc", "ACCESS-123", "p@ss-word-1",
                   "13700001111", "tok-999", "15912345678"):
        assert secret not in text, secret
    lines = [json.loads(line) for line in text.splitlines()]
    assert len(lines) == 3 and "[REDACTED]" in lines[0]["message"]
    assert lines[1]["access_token"] == "[REDACTED]" and lines[1]["password"] == "[REDACTED]"
    assert "ValueError" in lines[2]["exc_info"]  # the traceback stays, its secrets do not


def test_text_lines_stay_available_for_development(app):
    stream = io.StringIO()
    logger = logging.getLogger("tests.text")
    logger.addHandler(make_handler({**app.config, "LOG_FORMAT": "text"}, stream))
    logger.propagate = False
    try:
        logger.info("hello %s", "token=abc123")
    finally:
        logger.handlers.clear()
        logger.propagate = True
    assert re.search(r"INFO tests\.text: hello token=\[REDACTED\]$", stream.getvalue().strip())


def test_cached_public_reads_answered_before_flask_are_logged_with_their_rule(app, client, campaign, log_lines):
    observer = app.wsgi_app  # the outermost layer
    matched_before = observer.match.cache_info()
    for _ in range(3):  # the first is built by Flask, the later ones come from the cache in front of it
        response = client.get("/api/v1/campaigns/current")
        response.close()
        assert response.status_code == 200
    matched = observer.match.cache_info()
    # Flask told the first one's rule; the two it never saw were matched against the URL map.
    assert (matched.hits + matched.misses) - (matched_before.hits + matched_before.misses) == 2
    routes = [line["route"] for line in log_lines("app.requests")]
    assert routes == ["/api/v1/campaigns/current"] * 3


def test_a_failing_job_is_logged_and_counted_as_failed(app, ctx, client, log_lines):
    from app.tasks import get_queue

    labels = {"job": "builtins.int", "outcome": "failed"}
    before = value(scrape(client), "gc_jobs_total", **labels)
    job = get_queue().enqueue("builtins.int", "not a number")

    run_worker_burst(app)

    [line] = [line for line in log_lines("app.jobs") if line["job_id"] == job.id]
    assert line["outcome"] == "failed" and line["level"] == "WARNING" and line["request_id"] is None
    assert value(scrape(client), "gc_jobs_total", **labels) - before == 1
