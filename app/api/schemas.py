"""Schemas shared by several API modules."""
from marshmallow import Schema, fields


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
