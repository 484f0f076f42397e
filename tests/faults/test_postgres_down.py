"""PostgreSQL stopped under a running app: the API answers 503 JSON, the console a Chinese 503 page, nothing hangs;
PostgreSQL started again, the same web process serves again (pool_pre_ping drops the dead connections)."""
from __future__ import annotations

import pytest
import requests

from tests.faults.helpers import (api_login, assert_unavailable, bearer, console_session, seed_campaign,
                                  seed_organizer, timed)
from tests.faults.processes import wait_for

pytestmark = pytest.mark.faults


def test_postgres_stopped_answers_503_and_recovers_without_a_restart(stack, fault_app):
    _, [nominee] = seed_campaign()
    seed_organizer()
    base = stack.web.url
    pid = stack.web.process.pid
    headers = bearer(base, "alice")
    console = console_session(base)
    assert console.get(base + "/console/dashboard", timeout=10).status_code == 200
    assert requests.get(base + "/api/v1/me", headers=headers, timeout=10).status_code == 200

    stack.postgres.stop("immediate")  # as a crash: every pooled connection is cut
    try:
        for call in (lambda: api_login(base, "bob"),
                     lambda: requests.get(base + "/api/v1/me", headers=headers, timeout=10),
                     lambda: requests.get(base + "/api/v1/me/notifications", headers=headers, timeout=10)):
            answer, seconds = timed(call)
            assert_unavailable(answer)
            assert seconds < 5
        health = requests.get(base + "/healthz", timeout=10)
        assert health.status_code == 503 and health.json()["database"] == "unavailable"
        page, seconds = timed(console.get, base + "/console/dashboard", timeout=10)
        assert page.status_code == 503 and seconds < 5
        assert page.headers["Content-Type"].startswith("text/html")
        assert "服务暂时不可用" in page.text and "稍候片刻再试" in page.text
        assert "Traceback" not in page.text and "psycopg" not in page.text
    finally:
        stack.postgres.start()

    # Back without restarting anything: the same gunicorn answers from the database again.
    wait_for(lambda: requests.get(base + "/healthz", timeout=5).status_code == 200, 20, "healthz after PostgreSQL")
    assert stack.web.process.poll() is None and stack.web.process.pid == pid
    assert requests.get(base + "/api/v1/me", headers=headers, timeout=10).status_code == 200
    assert api_login(base, "bob").status_code == 200
    assert requests.get(base + f"/api/v1/nominees/{nominee}", timeout=10).status_code == 200
    assert console.get(base + "/console/dashboard", timeout=10).status_code == 200  # the session survived
