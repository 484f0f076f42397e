"""The "subscribe" channel: mini-program subscribe messages, sent only on a grant the user gave.

wechatpy 1.8.18's send_subscribe_message omits `miniprogram_state` and `lang`, so the body is posted
through its generic client. The grant is taken before the call (and kept across retries); when
WeChat refuses the message for a reason of ours (a field, a page), the grant is given back.
"""
from __future__ import annotations

from flask import current_app

from app.extensions import db
from app.models import Notification, User
from app.models.base import utcnow
from app.services.notifications import grants
from app.services.notifications.channels import DeliveryError, register
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


def deliver(notification: Notification) -> None:
    user = db.session.get(User, notification.user_id)
    if user is None or not user.openid:
        raise DeliveryError("用户没有小程序 openid", retry=False, code="no_openid", skipped=True)
    body = message_body(notification, user.openid)
    template_id = body["template_id"]
    if not notification.grant_held:
        if not grants.consume(user.id, template_id):
            raise DeliveryError("未授权", retry=False, code="no_grant", skipped=True)
        notification.grant_held = True
        db.session.commit()  # the grant is this message's before WeChat is called
    try:
        send_once_refreshing(get_wechat().mini,
                             lambda client: client.post("message/subscribe/send", data=body))
    except DeliveryError as exc:
        begin_write()
        if not exc.retry and not exc.skipped:  # WeChat refused it: the user's grant was not used
            grants.give_back(user.id, template_id)
            notification.grant_held = False
        raise
    begin_write()
    notification.grant_held = False  # spent


register(CHANNEL, deliver)
