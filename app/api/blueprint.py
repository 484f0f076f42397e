"""The API's blueprint class: request validation answers 400 in the API's one error shape, and says so.

flask-smorest documents a failed validation under webargs' 422 with its own error schema; this API
answers 400 with `{"error": {"code": "validation_error", …}}` (api/errors.py), so the parser's status is
400 and the document (api/__init__.py sets the error schema) tells the client exactly that.
"""
from __future__ import annotations

import flask_smorest
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict

from app.services.errors import DomainError


class ApiParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400
    # A query parameter the operation does not name is refused like an unknown body field, as the
    # document says (webargs would drop it silently): a typo in a filter must not look like "no filter".
    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": None, "querystring": None}

    def load_json(self, req, schema):
        # JSON nested deeper than Python's recursion limit (`[[[[…]]]]`) is a 400 like any malformed body.
        try:
            return super().load_json(req, schema)
        except RecursionError:
            raise DomainError("bad_request", "请求内容的嵌套层级过深，无法处理", 400) from None


class MultipartParser(ApiParser):
    """One multipart body carries both the `kind` field and the file, so one schema reads both parts
    (and the OpenAPI document shows them as one multipart/form-data body). A part the schema does not
    name is refused, as the document says (webargs would drop it silently)."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**ApiParser.DEFAULT_UNKNOWN_BY_LOCATION, "files": None}

    def load_files(self, req, schema):
        return MultiDictProxy(CombinedMultiDict([req.files, req.form]), schema)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = ApiParser()


class FilesBlueprint(Blueprint):
    ARGUMENTS_PARSER = MultipartParser()
