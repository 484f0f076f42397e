"""Numbers too large for the database, and JSON too deep to parse: a 400 or a 404 with a JSON error, never a 500."""
import pytest
import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from app.extensions import db
from app.models import User
from tests.factories.nominations import campaign  # noqa: F401

# Past the ids the tables hold (INTEGER), past SQLite's 64-bit integers, past 64 bits.
HUGE = (2**31, 2**63, 2**64)


def _organizer(login) -> dict:
    """An organizer in the mini-program: every route goes as far into its view as it can."""
    headers = login("boss")
    user = db.session.scalars(sa.select(User).where(User.openid == "dev-boss")).one()
    user.roles = ["organizer"]
    db.session.commit()
    return headers


def _int_routes(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        names = [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]
        if names:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, method, names


def test_every_api_route_with_an_id_answers_404_for_ids_past_the_database(app, client, login, campaign):
    headers = _organizer(login)
    routes = list(_int_routes(app))
    assert len(routes) >= 18
    for rule, method, names in routes:
        for value in HUGE:
            url = rule.build({name: 1 for name in rule.arguments} | {name: value for name in names},
                             append_unknown=False)[1]
            response = client.open(url, method=method, headers=headers, json={})
            assert response.status_code == 404, (method, url, response.status_code)
            assert response.get_json()["error"]["code"] == "not_found", (method, url)


@pytest.mark.parametrize("path", ["/api/v1/nominees", "/api/v1/me/notifications", "/api/v1/leads"])
def test_a_page_past_any_list_is_a_400(client, login, campaign, path):
    headers = _organizer(login)
    for page in ("100001", "99999999999999999999", str(2**63)):
        response = client.get(f"{path}?page={page}", headers=headers)
        assert response.status_code == 400, (path, page, response.status_code)
        assert response.get_json()["error"]["details"]["fields"] == {"page": ["页码应为 1–100000"]}
    assert client.get(f"{path}?page=100000", headers=headers).status_code == 200


def test_ids_in_bodies_past_the_database_are_a_400(client, login, campaign):
    headers = _organizer(login)
    for value in HUGE:
        read = client.post("/api/v1/me/notifications/read", json={"ids": [1, value]}, headers=headers)
        assert read.status_code == 400 and read.get_json()["error"]["details"]["fields"] == {
            "ids": {"1": ["应为有效的编号"]}}
        nominate = client.post("/api/v1/leads/1/nomination", json={"organization_id": value}, headers=headers)
        assert nominate.status_code == 400, nominate.get_json()
    too_many = client.post("/api/v1/me/notifications/read", json={"ids": list(range(1, 1002))}, headers=headers)
    assert too_many.status_code == 400
    assert client.post("/api/v1/me/notifications/read", json={"ids": [1, 2]}, headers=headers).status_code == 200


def test_ids_in_a_nomination_and_an_endorsement_past_the_database_are_a_400(client, login, campaign):
    from tests.factories.endorsement import employer_with_representative, qr_token, submitted_self_nomination

    worker = login("worker")
    draft = client.post("/api/v1/nominations", json={"channel": "self"}, headers=worker).get_json()["id"]
    employer_with_representative(login)
    nomination_id = submitted_self_nomination(client, login("alice"))
    token = qr_token(client, login("alice"), nomination_id)
    for value in HUGE[1:]:
        patched = client.patch(f"/api/v1/nominations/{draft}", json={"employer_org_id": value}, headers=worker)
        assert patched.status_code == 400 and patched.get_json()["error"]["details"]["fields"] == {
            "employer_org_id": ["应为有效的编号"]}
        endorsed = client.post(f"/api/v1/endorsements/{token}", headers=login("passer-by"), json={
            "decision": "confirm", "signer_name": "王经理", "signer_post": "人事经理", "letter_file_id": value})
        assert endorsed.status_code == 400 and "letter_file_id" in endorsed.get_json()["error"]["details"]["fields"]


def test_json_nested_too_deep_is_a_400(client, login):
    headers = login("alice")
    for body in ("[" * 100_000 + "]" * 100_000, '{"a":' * 100_000 + "1" + "}" * 100_000):
        for method, path in (("POST", "/api/v1/auth/login"), ("POST", "/api/v1/me/notifications/read"),
                             ("POST", "/api/v1/leads")):
            response = client.open(path, method=method, data=body, content_type="application/json", headers=headers)
            assert response.status_code == 400, (path, response.status_code)
            assert response.get_json()["error"] == {"code": "bad_request", "message": "请求内容的嵌套层级过深，无法处理"}
