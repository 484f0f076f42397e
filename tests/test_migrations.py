"""The migrations build exactly the models' schema on an empty SQLite and an empty PostgreSQL."""
import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade


def _upgrade_and_diff(url: str):
    from app import create_app
    from app.extensions import db

    fresh = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with fresh.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
            tables = set(sa.inspect(conn).get_table_names())
        downgrade(revision="base")
        with db.engine.connect() as conn:
            left = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        db.engine.dispose()
    return diff, tables, left


def test_empty_sqlite_upgrades_to_the_models(app, tmp_path):
    diff, tables, left = _upgrade_and_diff(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert diff == []
    assert {"campaign", "campaign_stage", "organization", "membership", "user_account", "audit_entry",
            "notification"} <= tables
    assert left == set()


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
                    reason="runs in the PostgreSQL pass of the test command")
def test_empty_postgresql_upgrades_to_the_models(app):
    base_url = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    name = f"migtest_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base_url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        diff, tables, left = _upgrade_and_diff(base_url.set(database=name).render_as_string(hide_password=False))
        assert diff == []
        assert "notification" in tables and left == set()
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
