"""Health, the OpenAPI document, and JSON errors everywhere under /api."""
import requests

from app.redis_store import get_redis


def test_healthz_checks_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_healthz_reports_redis_down_as_503(client, ctx, monkeypatch):
    def refuse():
        raise ConnectionError("down")

    monkeypatch.setattr(get_redis(), "ping", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["redis"] == "unavailable"


def test_openapi_document_comes_from_the_schemas(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/auth/login", "/api/v1/campaigns/current", "/api/v1/me/notifications"} <= set(spec["paths"])
    login_body = spec["paths"]["/api/v1/auth/login"]["post"]["requestBody"]["content"]["application/json"]
    assert login_body["schema"]["$ref"].endswith("/Login")
    assert spec["components"]["schemas"]["Login"]["required"] == ["code"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]


def test_unknown_api_path_and_wrong_method_are_json(client):
    missing = client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = client.delete("/api/v1/auth/login")
    assert wrong.status_code == 405 and wrong.get_json()["error"]["code"] == "method_not_allowed"


def test_malformed_json_is_a_400_not_a_traceback(client):
    response = client.post("/api/v1/auth/login", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] in {"bad_request", "validation_error"}


def test_unexpected_error_is_a_json_500_without_a_traceback(app, monkeypatch):
    from app.services.campaigns import stages

    def explode():
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(stages, "current_campaign", explode)
    response = requests.get(app.config["LIVE_URL"] + "/api/v1/campaigns/current", timeout=10)
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret internal detail" not in response.text and "Traceback" not in response.text


def test_ping_is_constant(client):
    assert client.get("/api/v1/ping").get_json() == {"pong": True}
