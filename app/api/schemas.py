"""Schemas shared by several API modules."""
from marshmallow import Schema, fields, validate

from app.bounds import MAX_ID, MAX_PAGE


def IdField(**kwargs) -> fields.Integer:  # noqa: N802 - used like a field class
    """An id in a body or query: a whole number 1…MAX_ID, so a larger one is a 400, never a database error."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID, error="应为有效的编号"), **kwargs)


def PageField(**kwargs) -> fields.Integer:  # noqa: N802
    """`page` of a list: 1…MAX_PAGE (a larger one would overflow the database's OFFSET)."""
    return fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE,
                                                                  error=f"页码应为 1–{MAX_PAGE}"), **kwargs)


class ApiErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"description": "stable code for programs"})
    message = fields.String(required=True, metadata={"description": "中文说明"})
    details = fields.Dict()


class ApiErrorSchema(Schema):
    error = fields.Nested(ApiErrorBodySchema, required=True)


class UserSchema(Schema):
    id = fields.Integer(required=True)
    nickname = fields.String(allow_none=True)
    roles = fields.List(fields.String(), required=True)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_responses(description: str, *content_types: str, conditional: bool = False) -> dict:
    """The document's entry for an answer that is a file, not JSON (for `@blp.doc(responses=…)`)."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    responses = {"200": {"description": description, "content": {kind: binary for kind in content_types}}}
    if conditional:
        responses["304"] = {"description": "未修改（If-None-Match 与 ETag 相同）"}
    return responses
