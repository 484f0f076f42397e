"""What the fault tests do as people do: log in to the mini-program and the console over HTTP, seed the data."""
from __future__ import annotations

import re
import time

import requests

from app.extensions import db

ORGANIZER = {"username": "zhou", "password": "gangcheng-2019!", "name": "周主任"}


def seed_campaign(nominees: int = 1) -> tuple[int, list[int]]:
    """A campaign in promotion (likes open) with `nominees` finalists; (campaign id, nominee ids)."""
    from app.models.base import utcnow
    from tests.factories.likes import make_campaign, make_nominee

    campaign = make_campaign("promotion", likes_per_ip_per_minute=100_000)
    # Content-checked finalists: their public pages are open to anyone.
    ids = [make_nominee(campaign, name=f"候选人{i}", content_checked_at=utcnow()).id for i in range(nominees)]
    return campaign.id, ids


def seed_organizer():
    from app.services.accounts.console_auth import create_account

    user = create_account(ORGANIZER["username"], ORGANIZER["password"], "organizer", ORGANIZER["name"],
                          actor_label="test")
    db.session.commit()
    return user


def api_login(base: str, name: str, timeout: float = 10) -> requests.Response:
    return requests.post(base + "/api/v1/auth/login", json={"code": f"dev-{name}"}, timeout=timeout)


def bearer(base: str, name: str) -> dict:
    answer = api_login(base, name)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def console_session(base: str) -> requests.Session:
    """A browser's session logged in to the console as the organizer."""
    session = requests.Session()
    page = session.get(base + "/console/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = session.post(base + "/console/login", timeout=20, allow_redirects=False,
                          data={"username": ORGANIZER["username"], "password": ORGANIZER["password"],
                                "csrf_token": token})
    assert answer.status_code in (302, 303), answer.text[:500]
    return session


def timed(call, *args, **kwargs) -> tuple[requests.Response, float]:
    started = time.monotonic()
    answer = call(*args, **kwargs)
    return answer, time.monotonic() - started


def assert_unavailable(answer: requests.Response) -> None:
    """The API's answer while a backing store is down: 503, the one error shape, a stable code, Chinese."""
    assert answer.status_code == 503, answer.text[:500]
    assert answer.headers["Content-Type"].startswith("application/json")
    error = answer.json()["error"]
    assert error["code"] in {"service_unavailable"}, error
    assert re.search(r"[\u4e00-\u9fff]", error["message"]) and "稍后再试" in error["message"], error
    assert int(answer.headers["Retry-After"]) >= 1
