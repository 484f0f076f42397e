"""Console fixtures: accounts, a logged-in test client with CSRF tokens, nominations to browse, Chromium."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

ORGANIZER = {"username": "zhou", "password": "gangcheng-2019!", "name": "周主任"}
EXPERT = {"username": "sun", "password": "pingyi-2019!", "name": "孙教授"}
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


@pytest.fixture
def accounts(seeded):
    """An organizer and an expert account on top of the demo data."""
    from app.extensions import db
    from app.services.accounts.console_auth import create_account

    organizer = create_account(ORGANIZER["username"], ORGANIZER["password"], "organizer", ORGANIZER["name"],
                               actor_label="test")
    expert = create_account(EXPERT["username"], EXPERT["password"], "expert", EXPERT["name"], actor_label="test")
    db.session.commit()
    return {"organizer": organizer, "expert": expert}


class ConsoleClient:
    """The Flask test client, speaking to the console as a browser does (CSRF token from the page)."""

    def __init__(self, client):
        self.client = client

    def get(self, path, **kwargs):
        return self.client.get(path, **kwargs)

    def post(self, path, data=None, *, token_from=None, with_token=True, **kwargs):
        data = dict(data or {})
        if with_token:
            data["csrf_token"] = csrf_token(self.client.get(token_from or path).get_data(as_text=True))
        return self.client.post(path, data=data, **kwargs)

    def login(self, who=None, password=None):
        who = who or ORGANIZER
        return self.post("/console/login", {"username": who["username"], "password": password or who["password"]})


@pytest.fixture
def console(client, accounts):
    return ConsoleClient(client)


@pytest.fixture
def organizer_console(console):
    assert console.login().status_code == 302
    return console


@pytest.fixture
def nominations(accounts):
    """The demo campaign's seeded nominations, oldest first: tests work out what to expect from these rows."""
    from app.extensions import db
    from app.models import Nomination

    return list(db.session.scalars(sa.select(Nomination).order_by(Nomination.id)))


def expected_page(rows, predicate, per_page: int = 20) -> tuple[list[int], int]:
    """The ids the console's first page should list (newest first) and how many match in all."""
    matching = sorted((n.id for n in rows if predicate(n)), reverse=True)
    return matching[:per_page], len(matching)


def run_worker_burst(app) -> None:
    """Run what is queued, in this process, as `flask worker --burst` does."""
    from app.extensions import db
    from app.tasks import run_worker

    with app.app_context():
        run_worker(burst=True)
    db.session.remove()  # the test's own session must not serve what it cached before the job ran


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app):
    context = browser.new_context(base_url=app.config["LIVE_URL"], accept_downloads=True, locale="zh-CN",
                                  viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


def browser_login(page, who=None, password=None):
    who = who or ORGANIZER
    page.goto("/console/login")
    page.fill("input[name=username]", who["username"])
    page.fill("input[name=password]", password or who["password"])
    page.click("button[type=submit]")
