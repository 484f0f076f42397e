"""Helpers for notification tests: users logged in through the emulator, grants on both sides, the sent log."""
from __future__ import annotations

import pytest
import requests
import sqlalchemy as sa

from app.extensions import db
from app.models import Notification, User


class Emulator:
    """The WeChat emulator the app serves (over real HTTP), through its inspection endpoints."""

    def __init__(self, app):
        self.base = app.config["WECHAT_EMULATOR_URL"]
        self.appid = app.config["WECHAT_MINI_APPID"]

    def post(self, path: str, body: dict) -> dict:
        answer = requests.post(self.base + path, json=body, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def grant(self, openid: str, *template_ids: str, count: int = 1) -> None:
        self.post("/subscribe/grants", {"appid": self.appid, "openid": openid, "template_ids": list(template_ids),
                                        "count": count})

    def grants(self, openid: str) -> dict:
        return requests.get(self.base + "/subscribe/grants", params={"appid": self.appid, "openid": openid},
                            timeout=10).json()["grants"]

    def sent(self, **params) -> list[dict]:
        return requests.get(self.base + "/sent", params={"kind": "subscribe", **params}, timeout=30).json()["messages"]

    def fail_next(self, *errcodes: int) -> None:
        self.post("/subscribe/faults", {"errcodes": list(errcodes)})

    def quota(self, remaining: int | None) -> None:
        self.post("/subscribe/quota", {"appid": self.appid, "remaining": remaining})

    def expire_tokens(self) -> int:
        return self.post("/tokens/expire", {})["expired"]


@pytest.fixture
def emu(app):
    return Emulator(app)


@pytest.fixture
def person(ctx, client, login, emu):
    """person("alice", grants=[template ids]) → (User, headers); grants recorded by the emulator and by us."""

    def make(name: str, grants: list[str] = (), taps: int = 1):
        headers = login(name)
        for _ in range(taps):
            if grants:
                emu.grant(f"dev-{name}", *grants)
                answer = client.post("/api/v1/me/subscriptions", json={"accepted": list(grants)}, headers=headers)
                assert answer.status_code == 200, answer.get_json()
        user = db.session.scalars(sa.select(User).where(User.openid == f"dev-{name}")).one()
        return user, headers

    return make


def rows(event: str | None = None, channel: str | None = None) -> list[Notification]:
    db.session.expire_all()
    query = sa.select(Notification).order_by(Notification.id)
    if event:
        query = query.where(Notification.event == event)
    if channel:
        query = query.where(Notification.channel == channel)
    return list(db.session.scalars(query))
