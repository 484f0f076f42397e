"""Login through the WeChat emulator and our bearer tokens."""
import jwt
import requests

from app.models import User
from app.services.accounts.auth import TOKEN_AUDIENCE, issue_token


def test_dev_code_logs_in_and_returns_a_working_token(client, ctx):
    response = client.post("/api/v1/auth/login", json={"code": "dev-alice"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["roles"] == []
    assert "session_key" not in response.get_data(as_text=True)
    user = ctx.extensions["sqlalchemy"].session.get(User, body["user"]["id"])
    assert user.openid == "dev-alice"
    assert user.wechat_session_key  # kept on the server

    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert me.get_json()["id"] == body["user"]["id"]


def test_same_code_twice_is_the_same_user(client):
    first = client.post("/api/v1/auth/login", json={"code": "dev-bob"}).get_json()
    second = client.post("/api/v1/auth/login", json={"code": "dev-bob"}).get_json()
    assert first["user"]["id"] == second["user"]["id"]


def test_bad_code_is_401_with_a_json_error(client):
    response = client.post("/api/v1/auth/login", json={"code": "not-a-real-code"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_code"
    assert "登录" in response.get_json()["error"]["message"]


def test_missing_code_is_a_validation_error_naming_the_field(client):
    response = client.post("/api/v1/auth/login", json={})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"]["fields"]["code"] == ["必填"]


def test_expired_token_is_refused(client, ctx, login):
    login("carol")
    user = ctx.extensions["sqlalchemy"].session.scalars(
        __import__("sqlalchemy").select(User).where(User.openid == "dev-carol")).one()
    expired = issue_token(user, ttl_seconds=-10)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_expired"


def test_forged_token_is_refused(client, login):
    login("dave")
    forged = jwt.encode({"sub": "1", "aud": TOKEN_AUDIENCE, "exp": 4102444800}, "someone-elses-key-of-at-least-thirty-two-bytes",
                        algorithm="HS256")
    for header in (f"Bearer {forged}", "Bearer garbage", "Basic abc", ""):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] in {"token_invalid", "unauthorized"}


def test_login_over_real_http(app):
    """The live server answers the mini-program the same way (and reaches the emulator itself)."""
    response = requests.post(app.config["LIVE_URL"] + "/api/v1/auth/login", json={"code": "dev-erin"}, timeout=10)
    assert response.status_code == 200
    assert response.json()["token"]
