"""The "subscribe" channel: mini-program subscribe messages, sent only on a grant the user gave.

wechatpy 1.8.18's send_subscribe_message omits `miniprogram_state` and `lang`, so the body is posted
through its generic client. The grant is taken before the call, in the transaction that claims the
row (and kept across retries); when WeChat refuses the message for a reason of ours (a field, a page),
the grant is given back. The worker delivers these rows a batch at a time (delivery.py).
"""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import Notification, User
from app.models.base import utcnow
from app.services.notifications import grants
from app.services.notifications.channels import DeliveryError, Outgoing, register_batch
from app.services.notifications.fields import FieldValueError
from app.services.notifications.registry import get_registry, render
from app.services.notifications.wechat_answers import send_once_refreshing
from app.services.write_lock import begin_write
from app.wechat import get_wechat

CHANNEL = "subscribe"
LANG = "zh_CN"


def message_body(notification: Notification, openid: str) -> dict:
    route = get_registry().route(notification.event, CHANNEL)
    if route is None:
        raise DeliveryError("该事件没有订阅消息模板", retry=False, code="no_template", skipped=True)
    try:
        data = render(route, notification.title, notification.body, notification.data or {},
                      notification.created_at or utcnow())
    except FieldValueError as exc:
        raise DeliveryError(f"字段无法满足模板要求：{exc}", retry=False, code="field") from exc
    body = {"touser": openid, "template_id": route.template.template_id, "data": data,
            "miniprogram_state": current_app.config["WECHAT_MINIPROGRAM_STATE"], "lang": LANG}
    if route.page:
        body["page"] = route.page
    return body


def prepare(notifications: list[Notification]) -> dict[int, Outgoing | DeliveryError]:
    """In the claim's transaction: each message's body and its grant, taken for the whole batch at once
    (kept across retries); a DeliveryError for the rows decided now (no openid, no template, no grant)."""
    users = {u.id: u for u in db.session.scalars(sa.select(User).where(
        User.id.in_({n.user_id for n in notifications})))}
    client = get_wechat().mini
    result: dict[int, Outgoing | DeliveryError] = {}
    bodies: dict[int, dict] = {}
    for notification in notifications:
        user = users.get(notification.user_id)
        try:
            if user is None or not user.openid:
                raise DeliveryError("用户没有小程序 openid", retry=False, code="no_openid", skipped=True)
            bodies[notification.id] = message_body(notification, user.openid)
        except DeliveryError as exc:
            result[notification.id] = exc
    waiting = sorted((n for n in notifications if n.id in bodies and not n.grant_held),
                     key=lambda n: (n.user_id, n.id))
    wanted = Counter((n.user_id, bodies[n.id]["template_id"]) for n in waiting)
    taken = grants.consume_many(dict(wanted))
    for notification in waiting:
        key = (notification.user_id, bodies[notification.id]["template_id"])
        if taken.get(key, 0) > 0:
            taken[key] -= 1
            notification.grant_held = True  # the grant is this message's once the claim commits
        else:
            result[notification.id] = DeliveryError("未授权", retry=False, code="no_grant", skipped=True)
    for notification in notifications:
        if notification.id not in result:
            result[notification.id] = _outgoing(client, bodies[notification.id])
    return result


def _outgoing(client, body: dict) -> Outgoing:
    def send() -> None:
        send_once_refreshing(client, lambda c: c.post("message/subscribe/send", data=body))

    def settle(row: Notification, error: DeliveryError | None) -> None:
        if error is None:
            row.grant_held = False  # spent
        elif not error.retry and not error.skipped:  # WeChat refused it: the user's grant was not used
            grants.give_back(row.user_id, body["template_id"])
            row.grant_held = False

    return Outgoing(send=send, settle=settle)


def deliver(notification: Notification) -> None:
    """One row on its own (the batch path in delivery.py does the same for many with two commits)."""
    outgoing = prepare([notification])[notification.id]
    if isinstance(outgoing, DeliveryError):
        raise outgoing
    db.session.commit()  # the grant is this message's before WeChat is called
    try:
        outgoing.send()
    except DeliveryError as exc:
        begin_write()
        outgoing.settle(notification, exc)
        raise
    begin_write()
    outgoing.settle(notification, None)


register_batch(CHANNEL, prepare, deliver)
