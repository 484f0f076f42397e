"""A console session ends only by logging out (a POST with its CSRF token), never by opening a link."""
from __future__ import annotations

import re

from app.extensions import db
from app.services.accounts import console_auth
from tests.factories.nominations import campaign  # noqa: F401 - fixture

PASSWORD = "matrix-pass-2019!"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_opening_the_second_step_page_does_not_log_an_organizer_out(ctx, client, campaign):  # noqa: F811
    console_auth.create_account("m-zhou", PASSWORD, "organizer", "周主任", actor_label="test")
    db.session.commit()
    token = _csrf(client.get("/console/login").get_data(as_text=True))
    assert client.post("/console/login", data={"username": "m-zhou", "password": PASSWORD,
                                               "csrf_token": token}).status_code == 302
    assert client.get("/console/dashboard").status_code == 200

    # A link to the second step (a page that may be opened from anywhere) sends the organizer on, no more.
    assert client.get("/console/login/totp").status_code == 302
    assert client.get("/console/dashboard").status_code == 200
