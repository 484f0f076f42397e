"""Fixtures: a real database and Redis (embedded by default, PostgreSQL/Redis when the URLs are set),
the app served over real HTTP so wechatpy reaches the WeChat emulator, and login helpers."""
from __future__ import annotations

import os
import threading

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

TEST_SECRET = "test-secret-key-not-for-production"


@pytest.fixture(scope="session")
def backing_urls(tmp_path_factory):
    """DATABASE_URL / REDIS_URL from the environment, or a fresh SQLite file and embedded Redis."""
    database_url = os.environ.get("DATABASE_URL")
    redis_url = os.environ.get("REDIS_URL")
    embedded = None
    if not database_url:
        database_url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    if not redis_url:
        from app.redis_store import start_embedded_redis

        embedded = start_embedded_redis(str(tmp_path_factory.mktemp("redis")))
        redis_url = f"unix://{embedded.socket_file}"
    yield {"DATABASE_URL": database_url, "REDIS_URL": redis_url}
    if embedded is not None:
        from app.redis_store import stop_embedded_redis

        stop_embedded_redis(embedded)


@pytest.fixture(scope="session")
def app(backing_urls, tmp_path_factory):
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    saved = dict(os.environ)
    os.environ.update({"APP_ENV": "test", "SECRET_KEY": TEST_SECRET, **backing_urls,
                       "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads"))})
    for name in ("WECHAT_MINI_SECRET", "WECHAT_MP_SECRET", "WECHAT_EMULATOR"):
        os.environ.pop(name, None)
    application = create_app({"TESTING": True})
    server = make_server("127.0.0.1", 0, application, threaded=True)
    application.config["WECHAT_EMULATOR_URL"] = f"http://127.0.0.1:{server.server_port}/_wechat-emulator"
    application.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with application.app_context():
        # Start from nothing, then build the schema the way production does: through the migrations.
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()
    yield application
    server.shutdown()
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(autouse=True)
def _clean_state(request):
    """Every test starts with empty tables and an empty Redis database."""
    yield
    if "app" not in request.fixturenames:
        return
    empty_everything(request.getfixturevalue("app"))


def empty_everything(application) -> None:
    """Empty every table and the Redis database, and forget the WeChat clients (their token lived there)."""
    from app.extensions import db
    from app.redis_store import get_redis

    with application.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        get_redis().flushdb()
        application.extensions.pop("wechat", None)


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def seeded(ctx):
    from app.services.seed.demo import seed_demo

    seed_demo()
    return ctx


@pytest.fixture
def login(client):
    """login("alice") → the Authorization headers of dev-alice, logged in through the emulator."""

    def do_login(name: str) -> dict:
        response = client.post("/api/v1/auth/login", json={"code": f"dev-{name}"})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return do_login


def pytest_collection_modifyitems(config, items):
    """Tests that drive Chromium (the console's `browser`/`page` fixtures) are marked `browser`: they look at
    pages, whose data paths the HTTP tests cover on both databases, so the PostgreSQL pass leaves them out."""
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
