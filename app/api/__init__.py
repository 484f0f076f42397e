"""The JSON API for the mini-program: one blueprint per resource under /api/v1."""
from flask import Flask

from app.api import (auth, campaigns, errors, files, health, leads, me, nominations, nominees, organizations,
                     security)
from app.extensions import api


def init_app(app: Flask) -> None:
    api.init_app(app)
    security.register_security_scheme()
    for module in (auth, campaigns, me, nominations, files, organizations, leads, nominees):
        api.register_blueprint(module.blp)
    app.register_blueprint(health.bp)
    errors.init_app(app)  # after api.init_app, so these handlers replace flask-smorest's
