"""The permission matrix (tests/security/matrix.py) walked against its campaign, and every URL rule of the app
named by a row: a new endpoint without a row fails here."""
from __future__ import annotations

import json
import os
import re
from collections import defaultdict

import pytest
from werkzeug.exceptions import HTTPException

from tests.security.matrix import ROWS, See
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
        response = world["callers"][role].request(row.method, path, json=row.json, data=body)
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
        covered.add(f"{row.method} {rule.rule}")
    return covered, stale


def test_every_url_rule_has_a_row(app):
    missing = sorted(_rules_of(app) - _covered(app)[0])
    assert not missing, "endpoints without a row in tests/security/matrix.py:\n" + "\n".join(missing)


def test_every_row_reaches_a_rule(app):
    stale = _covered(app)[1]
    assert not stale, "rows whose path matches no URL rule:\n" + "\n".join(stale)
