"""Notification settings of the logged-in user: subscribe grants, preferences per kind and channel; the templates."""
from marshmallow import Schema, fields, validate

from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.services.notifications import grants, preferences, registry

blp = Blueprint("notification_settings", __name__, url_prefix="/api/v1", description="通知设置与订阅消息")

TemplateIds = lambda: fields.List(fields.String(validate=validate.Length(min=1, max=64)),  # noqa: E731
                                  load_default=list, validate=validate.Length(max=grants.MAX_IDS_PER_REPORT))


class TemplateSchema(Schema):
    key = fields.String(required=True)
    template_id = fields.String(required=True)
    title = fields.String(required=True)


class CatalogueSchema(Schema):
    templates = fields.List(fields.Nested(TemplateSchema), required=True)
    moments = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True,
                          metadata={"description": "何时请求哪些模板：after_nomination、after_endorsement、results"})


class SubscriptionReportSchema(Schema):
    accepted = TemplateIds()
    rejected = TemplateIds()


class GrantsSchema(Schema):
    grants = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True,
                         metadata={"description": "每个模板还可下发的条数"})


class KindSchema(Schema):
    kind = fields.String(required=True)
    label = fields.String(required=True)
    channels = fields.Dict(keys=fields.String(), values=fields.Boolean(), required=True)


class ChannelSchema(Schema):
    channel = fields.String(required=True)
    label = fields.String(required=True)


class PreferencesSchema(Schema):
    kinds = fields.List(fields.Nested(KindSchema), required=True)
    channels = fields.List(fields.Nested(ChannelSchema), required=True)
    inbox_always = fields.Boolean(required=True)


class PreferenceChangeSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(registry.KINDS)))
    channel = fields.String(required=True, validate=validate.OneOf(list(preferences.CHANNELS)))
    enabled = fields.Boolean(required=True)


class PreferencesUpdateSchema(Schema):
    changes = fields.List(fields.Nested(PreferenceChangeSchema), required=True,
                          validate=validate.Length(min=1, max=50))


@blp.route("/notification-templates")
@blp.response(200, CatalogueSchema)
def templates():
    """订阅消息模板，以及小程序在哪些时刻请求订阅。"""
    return registry.public_catalogue()


@blp.route("/me/subscriptions", methods=["GET"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, GrantsSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def my_grants():
    return {"grants": grants.remaining(current_user().id)}


@blp.route("/me/subscriptions", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY, description="报告 wx.requestSubscribeMessage 的结果：每次“允许”可下发一条。")
@blp.arguments(SubscriptionReportSchema)
@blp.response(200, GrantsSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def report_subscriptions(body):
    return {"grants": grants.record(current_user(), body["accepted"], body["rejected"])}


@blp.route("/me/notification-preferences", methods=["GET"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, PreferencesSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def my_preferences():
    return preferences.of(current_user())


@blp.route("/me/notification-preferences", methods=["PUT"])
@login_required
@blp.doc(security=BEARER_SECURITY, description="按类别与渠道开关通知；站内消息始终保留。")
@blp.arguments(PreferencesUpdateSchema)
@blp.response(200, PreferencesSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def update_preferences(body):
    return preferences.update(current_user(), body["changes"])
