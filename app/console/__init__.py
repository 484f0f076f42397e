"""The organizer and expert web console at /console: server-rendered pages, one module per area."""
from __future__ import annotations

from flask import Flask

from app.console.blueprint import bp


def init_app(app: Flask) -> None:
    from app.console import (accounts, audit_log, auth, campaign, dashboard, expert, exports, leads,  # noqa: F401
                             like_review, nominations, organizations, session)
    from app.extensions import csrf

    csrf.init_app(app)
    app.register_blueprint(bp)
