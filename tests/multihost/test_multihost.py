"""The production shape on one machine: two web hosts, a worker host, a data host and WeChat, joined by a bridge.

Likes are sent through both web hosts (as a load balancer would, X-Forwarded-For naming each phone's
address) while one web host is killed and started again; an organizer's stage switch on one host closes
likes on the other at once; the worker host drains everything. Counted: every acknowledged like is in
Redis and in the ledger, exactly once, and nobody is over a limit.
"""
from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import redis
import requests

from tests.multihost.hosts import ROOT, Deployment, missing_software
from tests.multihost.network import Network, unavailable_reason, wait_until

pytestmark = pytest.mark.faults

ORGANIZER, ORGANIZER_PASSWORD = "mh-organizer", "Gangcheng-multihost-2026"
USERS, NOMINEES = 48, 14  # each user tries every nominee once: more than a day's likes


@pytest.fixture
def deployment(tmp_path):
    reason = unavailable_reason() or missing_software()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI's machine must run the multi-host test: {reason}")
        pytest.skip(reason)
    network = Network()
    deployment = Deployment(network)
    steps = {}
    try:
        for name, step in (("data host", deployment.start_data), ("WeChat host", deployment.start_wechat),
                           ("migrations", lambda: deployment.flask(deployment.web[0], "db", "upgrade")),
                           ("campaign prepared", lambda: _prepare_campaign(deployment)),
                           ("web hosts", lambda: deployment.start_web(*deployment.web)),
                           ("worker host", deployment.start_worker)):
            started = time.monotonic()
            step()
            steps[name] = time.monotonic() - started
        print("multi-host set-up: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in steps.items()))
        yield deployment
    finally:
        deployment.close(keep_logs_to=tmp_path)


def _prepare_campaign(deployment: Deployment) -> None:
    """A campaign in the promotion stage with public finalists, and an organizer: what an operator does once,
    from an admin shell (tests/multihost/seed.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WECHAT_")}
    env.update({"APP_ENV": "development", "SECRET_KEY": deployment.secret_key, "DATABASE_URL": deployment.database_url,
                "REDIS_URL": deployment.redis_url, "INSTANCE_PATH": str(deployment.root / "instance-admin"),
                "CONSOLE_PASSWORD": ORGANIZER_PASSWORD})
    subprocess.run([sys.executable, "-m", "tests.multihost.seed", str(NOMINEES), ORGANIZER], env=env, cwd=str(ROOT),
                   check=True, timeout=300)


def _phone_headers(number: int, token: str | None = None) -> dict:
    headers = {"X-Forwarded-For": f"100.64.{number // 250}.{number % 250 + 1}", "X-Forwarded-Proto": "https"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


class Console:
    """An organizer's browser: the session cookie is Secure (production), so it is carried by hand over HTTP."""

    def __init__(self, base: str):
        self.base, self.cookies, self.http = base, {}, requests.Session()

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "100.64.200.1",
                   "Referer": self.base.replace("http://", "https://") + path,
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        response = self.http.request(method, self.base + path, headers=headers, allow_redirects=False, timeout=20,
                                     **kwargs)
        self.cookies.update(response.cookies.get_dict())
        return response

    def csrf(self, path: str) -> str:
        page = self.request("GET", path)
        assert page.status_code == 200, page.status_code
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def log_in(self, username: str, password: str) -> None:
        answer = self.request("POST", "/console/login", data={"csrf_token": self.csrf("/console/login"),
                                                              "username": username, "password": password})
        assert answer.status_code == 302, answer.text[:500]


def test_two_web_hosts_count_every_like_once_through_a_host_lost_and_a_stage_switch(deployment):
    web1, web2 = deployment.web
    bases = [deployment.base(web1), deployment.base(web2)]
    tokens = {}
    for number in range(USERS):  # logins through both hosts: each asks WeChat (the WeChat host) for the openid
        answer = requests.post(bases[number % 2] + "/api/v1/auth/login", json={"code": f"dev-mh{number:03d}"},
                               headers=_phone_headers(number), timeout=20)
        assert answer.status_code == 200, answer.text
        tokens[number] = answer.json()["token"]
    finalists = requests.get(bases[0] + "/api/v1/nominees", params={"stage": "finalist", "per_page": NOMINEES},
                             timeout=20).json()["items"]
    assert len(finalists) == NOMINEES
    rules = requests.get(bases[1] + "/api/v1/campaigns/current", timeout=20).json()["like_rules"]
    per_user = rules["per_user_per_day"]
    assert per_user < NOMINEES, "some tries must meet the daily limit"

    outcomes: Counter = Counter()
    accepted: list[tuple[int, int]] = []
    moved: list[str] = []  # requests whose host was lost under them
    lock = threading.Lock()
    web2_down = threading.Event()

    def like(number: int, nominee_id: int) -> None:
        # The balancer alternates, skipping a host it knows is down; a connection refused or cut (also in the
        # middle of an answer: the kill can land between its headers and its body) is retried on the other
        # host with the same Idempotency-Key, so a like recorded just before its host died is answered
        # (replayed), not doubled.
        first = (number + nominee_id) % 2
        for base in (bases[first], bases[1 - first]):
            if base == bases[1] and web2_down.is_set():
                continue
            try:
                answer = requests.post(f"{base}/api/v1/nominees/{nominee_id}/like", timeout=20,
                                       headers={**_phone_headers(number, tokens[number]),
                                                "Idempotency-Key": f"mh-{number}-{nominee_id}"})
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                with lock:
                    moved.append(base)
                continue
            with lock:
                if answer.status_code == 200:
                    accepted.append((number, nominee_id))
                    outcomes["ok"] += 1
                else:
                    outcomes[answer.json()["error"]["code"]] += 1
            return
        with lock:
            outcomes["unanswered"] += 1

    work = [(number, finalists[(number + k) % NOMINEES]["id"]) for k in range(NOMINEES) for number in range(USERS)]
    # web2 dies once a third of the likes are answered, from inside the stream: two thirds still to come
    # whatever the machine's speed (a timer could fire after the last like).
    kill_after = len(work) // 3
    answered = itertools.count(1)
    killer = threading.Thread(target=lambda: (deployment.kill_web(web2), web2_down.set()))

    def like_then_maybe_kill(item) -> None:
        like(*item)
        if next(answered) == kill_after:
            killer.start()

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(like_then_maybe_kill, work))
    killer.join()
    left_when_killed = len(work) - kill_after
    deployment.start_web(web2)  # back after the outage; it serves the same counts at once
    web2_down.clear()

    assert outcomes["unanswered"] == 0, outcomes
    assert outcomes["ok"] == len(set(accepted)) == len(accepted), outcomes
    per_user_accepted = Counter(number for number, _ in accepted)
    assert max(per_user_accepted.values()) == per_user, "everyone reached the daily limit, nobody passed it"
    assert outcomes["daily_limit_reached"] == USERS * (NOMINEES - per_user), outcomes

    # The organizer switches the stage on web1; web2 refuses the very next like.
    console = Console(bases[0])
    console.log_in(ORGANIZER, ORGANIZER_PASSWORD)
    switched = console.request("POST", "/console/campaign/stage", data={
        "csrf_token": console.csrf("/console/campaign"), "stage": "evaluation", "reason": "多主机测试：关闭点赞"})
    assert switched.status_code == 302, switched.text[:500]
    fresh = requests.post(f"{bases[1]}/api/v1/nominees/{finalists[0]['id']}/like", timeout=20,
                          headers=_phone_headers(USERS + 1, tokens[0]))
    assert (fresh.status_code, fresh.json()["error"]["code"]) == (409, "stage_closed")

    # The worker host drains the like stream into the ledger: Redis = ledger = the acknowledged answers.
    store = redis.Redis.from_url(deployment.redis_url)
    with psycopg.connect(deployment.database_url, autocommit=True) as conn:
        campaign_id = conn.execute("SELECT id FROM campaign ORDER BY year DESC LIMIT 1").fetchone()[0]
        board = {int(k): int(v) for k, v in store.zrange(f"likes:board:{campaign_id}", 0, -1, withscores=True)}
        assert sum(board.values()) == len(accepted)
        assert {k: v for k, v in board.items() if v} == dict(Counter(n for _, n in accepted))

        def ledger_rows():
            return conn.execute("SELECT user_id, nomination_id FROM like_record WHERE campaign_id = %s AND void_id IS NULL",
                                (campaign_id,)).fetchall()

        wait_until(lambda: len(ledger_rows()) == len(accepted), 90, "the ledger catching up with the acknowledged likes")
        time.sleep(1)  # nothing more arrives: exactly once
        rows = ledger_rows()
        assert len(rows) == len(accepted) and len(set(rows)) == len(rows)
        assert Counter(n for _, n in rows) == Counter(n for _, n in accepted)
        per_day = Counter(user for user, _ in rows)
        assert max(per_day.values()) == per_user
    print(f"multi-host: {len(accepted)} likes acknowledged through two web hosts, "
          f"web2 killed with {left_when_killed} to go, {len(moved)} requests moved off it, outcomes {dict(outcomes)}")
