"""The organizer and expert web console at /console: server-rendered pages, one module per area."""
from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
               static_folder="static", static_url_path="/static")


def init_app(app: Flask) -> None:
    from app.console import (accounts, audit_log, auth, campaign, dashboard, expert, exports,  # noqa: F401
                             leads, like_review, nominations, organizations, session)
    from app.extensions import csrf

    csrf.init_app(app)
    app.register_blueprint(bp)
