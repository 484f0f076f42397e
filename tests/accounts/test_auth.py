"""Login through the WeChat emulator and our bearer tokens."""
import jwt
import requests
import sqlalchemy as sa

from app.models import User
from app.services.accounts.auth import TOKEN_AUDIENCE, issue_token
from tests.factories.likes import likes_app  # noqa: F401 - fixture


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


def test_a_disabled_wechat_account_cannot_log_in_and_its_token_stops_working(client, runner, likes_app, login):
    from app.extensions import db
    from app.redis_store import get_redis
    from app.services.accounts import console_auth
    from app.services.accounts.disabled import DISABLED_USERS_KEY
    from tests.factories.likes import make_campaign, make_nominee

    campaign = make_campaign()
    first, second, third = (make_nominee(campaign, name=name) for name in ("王建军", "李海燕", "张卫东"))
    headers = login("alice")
    assert client.post(f"/api/v1/nominees/{first.id}/like", headers=headers).status_code == 200
    alice = db.session.scalars(sa.select(User).where(User.openid == "dev-alice")).one()
    organizer = console_auth.create_account("zhou", "gangcheng-2019!", "organizer", actor_label="test")
    db.session.commit()
    console_auth.set_disabled(alice, True, actor=organizer, reason="刷票")

    refused = client.post("/api/v1/auth/login", json={"code": "dev-alice"})
    assert refused.status_code == 403
    assert refused.get_json()["error"] == {"code": "account_disabled", "message": "该账号已停用，如有疑问请联系活动主办方"}
    for method, path in (("get", "/api/v1/me"), ("get", "/api/v1/me/likes/today"),
                         ("post", f"/api/v1/nominees/{second.id}/like")):
        response = getattr(client, method)(path, headers=headers)
        assert response.status_code == 403, path
        assert response.get_json()["error"]["code"] == "account_disabled", path

    get_redis().delete(DISABLED_USERS_KEY)  # Redis lost the set: the rebuild puts it back from the database
    assert runner.invoke(args=["likes", "rebuild"]).exit_code == 0
    assert client.post(f"/api/v1/nominees/{second.id}/like", headers=headers).status_code == 403

    console_auth.set_disabled(alice, False, actor=organizer)
    assert client.post(f"/api/v1/nominees/{third.id}/like", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/login", json={"code": "dev-alice"}).status_code == 200
