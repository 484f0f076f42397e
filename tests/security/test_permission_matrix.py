"""The permission matrix (tests/security/matrix/) walked against its campaign, and every URL rule of the app
named by a row: a new endpoint without a row fails here."""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict

import pytest
from werkzeug.exceptions import HTTPException

from tests.bot.conftest import WeChat
from tests.security.matrix import BOT_ROWS, EMULATOR_INSPECTION, EMULATOR_WECHAT_API, ROWS, See
from tests.security.world import ROLES

ALLOWED_FIRST = ("nominee", "rep_own", "rep_other", "organizer")  # owners go last: refusals must change nothing


@pytest.fixture(autouse=True)
def _clean_state():
    """Overrides the per-test cleanup of tests/conftest.py: `world` cleans up once, after the module."""
    yield


def _walk_order(row) -> list[str]:
    return [r for r in ROLES if r not in ALLOWED_FIRST] + [r for r in ALLOWED_FIRST]


def _outcome(expected, response) -> str | None:
    """None when the answer is the expected one, else what differs."""
    text = response.get_data().decode("utf-8", "replace")
    compact = re.sub(r"\s", "", text)
    status = expected.status if isinstance(expected, See) else expected
    ok = response.status_code in status if isinstance(status, frozenset) else response.status_code == status
    if not ok:
        return f"{response.status_code} (expected {status})"
    if isinstance(expected, See):
        missing = [s for s in expected.shows if s.replace(" ", "") not in compact]
        leaked = [s for s in expected.hides if s in text]
        if missing or leaked:
            return f"missing {missing} leaked {leaked}"
    return None


@pytest.mark.parametrize("row", ROWS, ids=[row.key for row in ROWS])
def test_matrix_row(world, row):
    path = row.path.format(**world["ids"])
    got, differences = {}, {}
    for role in _walk_order(row):
        body = row.data() if callable(row.data) else row.data
        payload = row.json(world["ids"]) if callable(row.json) else row.json
        response = world["callers"][role].request(row.method, path, json=payload, data=body)
        assert response.status_code < 500, f"{role}: {response.status_code} on {path}"
        got[role] = response.status_code
        difference = _outcome(row.expect[role], response)
        if difference:
            differences[role] = difference
    if os.environ.get("MATRIX_RECORD"):
        with open(os.environ["MATRIX_RECORD"], "a") as out:
            out.write(json.dumps([row.key, {r: got[r] for r in ROLES}, differences], ensure_ascii=False) + "\n")
        return
    assert not differences, f"{row.method} {path}: {differences}"


# The operations that need a login (the login itself answers 401 to a wrong code, whoever calls).
ANONYMOUS_401 = [row for row in ROWS if row.path.startswith("/api/") and row.expect["anonymous"] == 401
                 and row.path != "/api/v1/auth/login"]


@pytest.mark.parametrize("row", ANONYMOUS_401, ids=lambda row: row.key)
def test_an_anonymous_caller_is_told_to_log_in_before_anything_about_the_body(world, row):
    """Not logged in comes first: a body or query that would not validate still answers 401 `unauthorized`, so
    a caller without a token learns nothing of the operation's rules and a client knows to log in."""
    path = row.path.format(**world["ids"])
    anonymous = world["callers"]["anonymous"]
    if row.method == "GET":
        tries = [(path + "?page=-1&per_page=many&unexpected=1", None)]
    else:
        tries = [(path, {"unexpected": [1]}), (path, "not json at all")]
    for url, body in tries:
        response = anonymous.request(row.method, url, json=body)
        assert response.status_code == 401, f"{url} {body!r}: {response.status_code} {response.get_data()[:200]}"
        assert response.get_json()["error"]["code"] == "unauthorized"


def _rules_of(app) -> set[str]:
    return {f"{method} {rule.rule}" for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def _covered(app) -> tuple[set[str], list[str]]:
    """The rules the rows' paths reach (any id in the placeholders), and the rows that reach none."""
    adapter = app.url_map.bind("localhost")
    ids = defaultdict(lambda: "7")
    covered, stale = set(), []
    for row in ROWS:
        try:
            rule, _args = adapter.match(row.path.format_map(ids), method=row.method, return_rule=True)
        except HTTPException:
            stale.append(row.key)
            continue
        if row.rule not in (None, rule.rule):
            stale.append(f"{row.key} reaches {rule.rule}, not {row.rule}")
        covered.add(f"{row.method} {rule.rule}")
    return covered, stale


def test_every_url_rule_has_a_row(app):
    missing = sorted(_rules_of(app) - _covered(app)[0])
    assert not missing, "endpoints without a row in tests/security/matrix/:\n" + "\n".join(missing)


def test_a_new_endpoint_without_a_row_is_named(app):
    """The check above is not vacuous: a route added to an app of the same settings is the one missing."""
    from app import create_app

    fresh = create_app({"TESTING": True})
    fresh.add_url_rule("/api/v1/brand-new/<int:thing_id>", "brand_new", lambda thing_id: "", methods=["DELETE"])
    assert _rules_of(fresh) - _covered(fresh)[0] == {"DELETE /api/v1/brand-new/<int:thing_id>"}


def test_every_row_reaches_a_rule(app):
    stale = _covered(app)[1]
    assert not stale, "rows whose path matches no URL rule, or another than they name:\n" + "\n".join(stale)


def _bot_answer(wechat, role: str, text: str):
    answer = wechat.say(f"mp-{role}", text)
    shown = answer.text + "".join(f"{a.get('Title', '')}{a.get('Description', '')}" for a in answer.articles)
    return answer, shown


@pytest.mark.parametrize("row", BOT_ROWS, ids=[row.text.split(" ")[0] for row in BOT_ROWS])
def test_bot_command(world, app, row):
    wechat = WeChat(app, app.test_client())
    text = row.text.format(**world["ids"])
    differences = {}
    for role in ROLES:
        answer, shown = _bot_answer(wechat, role, text)
        expected = row.expect[role]
        if answer.status != expected.status:
            differences[role] = f"{answer.status} (expected {expected.status})"
            continue
        missing = [s for s in expected.shows if s not in shown]
        leaked = [s for s in expected.hides if s in shown]
        if missing or leaked:
            differences[role] = f"missing {missing} leaked {leaked}: {shown[:120]}"
    assert not differences, f"{text}: {differences}"


def test_every_bot_command_has_a_row():
    from bot.registry import normalise, registry

    covered = {registry.match_command(normalise(row.text))[0] for row in BOT_ROWS
               if registry.match_command(normalise(row.text))}
    assert set(registry.commands.values()) <= covered
    assert any(registry.match_command(normalise(row.text)) is None for row in BOT_ROWS), "a row for the fallback"


REMOTE = {"REMOTE_ADDR": "203.0.113.7"}


@pytest.mark.parametrize("route", EMULATOR_INSPECTION + EMULATOR_WECHAT_API)
def test_emulator_route(world, app, route):
    method, path = route.split(" ", 1)
    client = app.test_client()
    remote = client.open("/_wechat-emulator" + path, method=method, json={}, environ_base=REMOTE)
    local = client.open("/_wechat-emulator" + path, method=method, json={})
    assert remote.status_code < 500 and local.status_code < 500
    refused = lambda r: r.status_code == 403 and (r.get_json() or {}).get("errcode") == 40164  # noqa: E731
    if route in EMULATOR_INSPECTION:
        assert refused(remote) and not refused(local)
    else:
        assert not refused(remote) and not refused(local)


def test_every_emulator_route_has_a_row(app):
    from app.wechat.emulator import create_emulator_app

    emulator = create_emulator_app(app.extensions["redis"], {})
    adapter = emulator.url_map.bind("localhost")
    covered = set()
    for route in EMULATOR_INSPECTION + EMULATOR_WECHAT_API:
        method, path = route.split(" ", 1)
        covered.add(f"{method} {adapter.match(path, method=method, return_rule=True)[0].rule}")
    rules = {f"{m} {r.rule}" for r in emulator.url_map.iter_rules() for m in r.methods - {"HEAD", "OPTIONS"}}
    assert not rules - covered, sorted(rules - covered)
