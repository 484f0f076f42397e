"""Observability fixtures: the app's log lines as JSON, /metrics parsed, the console's organizer."""
from __future__ import annotations

import io
import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.console.conftest import accounts, console, nominations, organizer_console  # noqa: F401
from tests.factories.likes import campaign, likes_app  # noqa: F401


@pytest.fixture
def log_lines(app):
    """Every line the app logs during the test, written by the production handler (JSON, secrets filter)."""
    from app.observability.log_setup import make_handler

    stream = io.StringIO()
    handler = make_handler({**app.config, "LOG_FORMAT": "json"}, stream)
    root = logging.getLogger()
    root.addHandler(handler)

    def lines(logger: str | None = None) -> list[dict]:
        parsed = [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
        return [line for line in parsed if logger is None or line["logger"] == logger]

    lines.raw = stream.getvalue
    yield lines
    root.removeHandler(handler)


def scrape(client, **kwargs) -> dict:
    """/metrics as {(name, frozenset(labels)): value}; asserts it answered 200."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)
