"""Console fixtures: accounts, a logged-in test client with CSRF tokens, nominations to browse, Chromium."""
from __future__ import annotations

import re
from datetime import date
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
    from app.services.console_auth import create_account

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


# Nominations to browse: an explicit mix, so tests know what to expect without asking the code under test.
PEOPLE = [
    # name, status, channel, district, nominating org, mobile
    ("张海涛", "submitted", "union", "海州区", "海州区总工会", "13800001111"),
    ("刘春梅", "submitted", "union", "海州区", "海州区总工会", "13800002222"),
    ("赵国强", "under_review", "union", "海州区", "海州区总工会", "13800003333"),
    ("孙丽华", "awaiting_endorsement", "self", "连云区", None, "13900004444"),
    ("周建军", "awaiting_endorsement", "self", "赣榆区", None, "13900005555"),
    ("吴晓明", "endorsed", "self", "东海县", None, "13700006666"),
    ("郑玉兰", "finalist", "association", "灌云县", "市机械制造行业协会", "13600007777"),
    ("王志刚", "finalist", "union", "连云区", "市港航物流集团工会", "13500008888"),
    ("陈美玲", "draft", "self", "灌南县", None, "13400009999"),
    ("杨永东", "submitted", "association", "开发区", "市机械制造行业协会", "13300001234"),
    ("黄秀英", "rejected", "union", "高新区", "高新区总工会", "13200005678"),
    ("徐卫国", "winner", "union", "徐圩新区", "徐圩新区总工会", "13100004321"),
]


@pytest.fixture
def nominations(accounts):
    """The PEOPLE above as nominations of the demo campaign; returns them in order."""
    from app.extensions import db
    from app.models import Campaign, Nomination, NominationChannel, Organization, User
    from app.models.base import utcnow

    campaign = db.session.scalars(sa.select(Campaign)).one()
    orgs = {o.name: o for o in db.session.scalars(sa.select(Organization))}
    filer = db.session.scalars(sa.select(User).where(User.openid == "dev-alice")).one()
    created = []
    for index, (name, status, channel, district, org_name, mobile) in enumerate(PEOPLE):
        nomination = Nomination(
            campaign_id=campaign.id, channel=NominationChannel(channel), status=status, submitted_by_id=filer.id,
            nominating_org_id=orgs[org_name].id if org_name else None, name=name,
            gender="男" if index % 2 == 0 else "女", political_status="中共党员" if index % 3 == 0 else "群众",
            birth_month=date(1975 + index, 1 + index % 12, 1), education="大专", trade=f"数控车工{index}",
            skill_level="高级技师", trade_since=date(2000 + index % 10, 3, 1), post="班组长", mobile=mobile,
            employer_name=f"连云港示范企业{index}有限公司", district=district,
            career="1998年入厂，从学徒做起。", awards="2017年获市技能大赛第一名", deeds=f"{name}的主要事迹。" * 5,
            story="事迹简介。" * 20, brief=f"{name}攻克关键工艺难题", conditions=[{"condition": 2, "evidence": "市级大赛第一名"}],
            priority_chief_employee=index % 4 == 0,
            unit_opinion="同意推荐" if channel != "self" else None,
            submitted_at=None if status == "draft" else utcnow(),
        )
        db.session.add(nomination)
        created.append(nomination)
    db.session.commit()
    return created


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
                                  viewport={"width": 1366, "height": 900})
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
