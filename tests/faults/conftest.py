"""The stack the fault tests break: their own PostgreSQL cluster, redis-server, WeChat emulator (with its own
redis-server), web app (gunicorn) and worker, plus an app in this process that seeds and inspects the data.

Started once for the tests/faults run; each test leaves empty tables, an empty Redis and a healthy emulator.
"""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from tests.faults import processes

needs = []
if processes.PG_BIN is None:
    needs.append("PostgreSQL's initdb and pg_ctl (/usr/lib/postgresql/*/bin)")
if not os.path.exists(processes.REDIS_SERVER):
    needs.append("redis-server")


class Stack:
    def __init__(self, folder):
        self.folder = folder
        self.postgres = processes.Postgres()
        self.redis = processes.Redis(folder / "redis")
        self.emulator_redis = processes.Redis(folder / "emulator-redis")
        self.emulator = None
        self.settings: dict = {}
        self.web = None
        self.app = None

    def start(self) -> None:
        self.postgres.start()
        self.redis.start()
        self.emulator_redis.start()
        self.emulator = processes.Emulator(self.folder, self.emulator_redis.url)
        self.emulator.start()
        self.settings = processes.app_environment(self.folder, self.postgres.url, self.redis.url, self.emulator.url)
        self.app = _make_app(self.settings)
        with self.app.app_context():
            from flask_migrate import upgrade

            upgrade()
        self.web = processes.Web(self.folder, self.settings)
        self.web.start()

    def worker(self) -> processes.Worker:
        return processes.Worker(self.folder, self.settings)

    def stop(self) -> None:
        """Whatever was started, even when the start-up failed half way."""
        for part in (self.web, self.emulator):
            if part is not None:
                part.stop()
        if self.app is not None:
            from app.extensions import db

            with self.app.app_context():
                db.engine.dispose()
        self.redis.kill()
        self.emulator_redis.kill()
        self.postgres.destroy()


def _make_app(settings: dict):
    from app import create_app

    saved = dict(os.environ)
    os.environ.update(settings)
    try:
        return create_app({"TESTING": True})
    finally:
        os.environ.clear()
        os.environ.update(saved)


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    if needs:
        pytest.skip("the fault tests need " + " and ".join(needs))
    built = Stack(tmp_path_factory.mktemp("faults"))
    try:
        built.start()
        yield built
    finally:
        built.stop()


@pytest.fixture
def fault_app(stack):
    """The app of this process, in context; afterwards the data is emptied and every part healthy again."""
    from app.extensions import db

    with stack.app.app_context():
        yield stack.app
        db.session.remove()
    stack.emulator.healthy()
    if stack.redis.process.poll() is not None:
        stack.redis.start()
    stack.postgres.start() if not _postgres_up(stack) else None
    with stack.app.app_context():
        db.session.remove()
        db.engine.dispose()
        with db.engine.begin() as conn:
            names = ", ".join(t.name for t in db.metadata.sorted_tables)
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        stack.app.extensions["redis"].flushdb()
        stack.app.extensions.pop("likes_campaign", None)
        stack.app.extensions.pop("wechat", None)
    stack.emulator.clear()
    stack.emulator_redis.client().flushdb()


def _postgres_up(stack) -> bool:
    import psycopg

    try:
        psycopg.connect(stack.postgres.url, connect_timeout=2).close()
        return True
    except psycopg.OperationalError:
        return False


@pytest.fixture
def worker(stack):
    """A worker process the test starts (worker.start()), kills and restarts; stopped afterwards."""
    running = stack.worker()
    yield running
    running.stop()  # killed with what it forked: its clean stop is not what these tests look at
