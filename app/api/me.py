"""The logged-in user: who I am, and my in-app inbox."""
from marshmallow import Schema, fields, validate

from app.api.blueprint import Blueprint
from app.api.schemas import ApiErrorSchema, IdField, PageField, UserSchema
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.models.base import as_utc
from app.services.accounts import auth
from app.services.notifications import outbox

blp = Blueprint("me", __name__, url_prefix="/api/v1/me", description="我的账号与消息")


class PageArgsSchema(Schema):
    page = PageField()
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    unread = fields.Boolean(load_default=False, metadata={"description": "只看未读"})


class UnreadSchema(Schema):
    unread = fields.Integer(required=True)


class NotificationSchema(Schema):
    id = fields.Integer(required=True)
    event = fields.String(required=True)
    title = fields.String(required=True)
    body = fields.String(required=True)
    data = fields.Dict()
    created_at = fields.DateTime(required=True)
    read = fields.Boolean(required=True)


class InboxSchema(Schema):
    items = fields.List(fields.Nested(NotificationSchema), required=True)
    total = fields.Integer(required=True)
    unread = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class MarkReadSchema(Schema):
    ids = fields.List(IdField(), load_default=None, validate=validate.Length(max=1000),
                      metadata={"description": "不传则全部标为已读；一次最多 1000 个"})


class MarkReadResultSchema(Schema):
    marked = fields.Integer(required=True)


@blp.route("")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, UserSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def me():
    user = current_user()
    return {"id": user.id, "nickname": user.nickname, "roles": auth.roles_of(user)}


@blp.route("/notifications")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, InboxSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def my_notifications(args):
    items, total, unread = outbox.inbox(current_user(), page=args["page"], per_page=args["per_page"],
                                        unread_only=args["unread"])
    return {
        "items": [{"id": n.id, "event": n.event, "title": n.title, "body": n.body, "data": n.data,
                   "created_at": as_utc(n.created_at), "read": n.read_at is not None} for n in items],
        "total": total, "unread": unread, "page": args["page"], "per_page": args["per_page"],
    }


@blp.route("/notifications/read", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(MarkReadSchema)
@blp.response(200, MarkReadResultSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def mark_read(body):
    return {"marked": outbox.mark_read(current_user(), body["ids"])}


@blp.route("/notifications/unread-count")
@login_required
@blp.doc(security=BEARER_SECURITY, description="未读消息数（用于角标）。")
@blp.response(200, UnreadSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def unread_count():
    return {"unread": outbox.unread_count(current_user())}


@blp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY, description="把一条消息标为已读；已读或不属于自己的消息不变（marked 为 0）。")
@blp.response(200, MarkReadResultSchema)
@blp.alt_response(401, schema=ApiErrorSchema)
def mark_one_read(notification_id):
    return {"marked": outbox.mark_read(current_user(), [notification_id])}
