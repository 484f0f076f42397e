"""The JSON API for the mini-program: one blueprint per resource under /api/v1."""
from flask import Flask

from app.api import (articles, auth, awards, campaigns, endorsement_checks, endorsements, errors, files, health,
                     leads, like_endpoint, likes, links, me, nominations, nominees, notices, notification_settings,
                     organizations, public_reads,
                     representatives, results, security, verify)
from app.api.schemas import ApiErrorSchema
from app.extensions import api


def init_app(app: Flask) -> None:
    # Every error answer has the API's one shape, so the document's default error says so too.
    api.ERROR_SCHEMA = ApiErrorSchema
    api.init_app(app)
    security.register_security_scheme()
    for module in (auth, campaigns, me, nominations, files, organizations, leads, nominees, endorsements,
                   endorsement_checks, representatives, likes, articles, results, awards, notices,
                   notification_settings):
        api.register_blueprint(module.blp)
    api.register_blueprint(results.files_blp)
    likes.document_like(api)
    like_endpoint.install(app)
    public_reads.install(app)
    app.after_request(security.no_store_for_callers)
    app.register_blueprint(health.bp)
    app.register_blueprint(links.bp)
    app.register_blueprint(verify.bp)
    errors.init_app(app)  # after api.init_app, so these handlers replace flask-smorest's
