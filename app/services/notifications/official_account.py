"""The official account's channels of the outbox: template messages ("mp_template") and
customer-service messages ("mp_custom"), to the follower who is the notification's user (by unionid).

Rules (DESIGN.md section 8): since May 2023 a template message has no `first`, `remark` or colours,
each keyword value is at most 20 characters without line breaks; a non-follower gets 43004, and it
carries `client_msg_id` so a resend after a crash is not delivered twice. Customer-service messages
only within 48 hours of the follower's last interaction (45015 after that), a few per interaction.
"""
from __future__ import annotations

import re
from typing import Callable

import requests
from flask import current_app
from wechatpy.exceptions import WeChatClientException

from app.extensions import db
from app.models import Notification, User
from app.models.base import as_utc
from app.services.followers import records
from app.services.notifications.channels import DeliveryError, register
from app.wechat import get_wechat

KEYWORD_MAX = 20
CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
# Answers that mean "this person cannot get it this way": no retry, marked with the code.
FINAL = {43004: "未关注公众号", 45015: "超过 48 小时客服消息时限", 45047: "客服消息条数超过上限",
         40003: "openid 无效", 47003: "模板参数不合规", 40037: "模板 ID 无效", 43019: "用户已拉黑公众号"}
SKIPPED = {43004, 45015, 45047, 43019}


def keyword(value: object) -> str:
    """A keyword value WeChat accepts: one line, at most 20 characters, an ellipsis where cut."""
    text = CONTROL.sub(" ", str(value)).strip()
    return text if len(text) <= KEYWORD_MAX else text[:KEYWORD_MAX - 1] + "…"


def _template_for(notification: Notification) -> tuple[str, dict] | None:
    """The template id and keyword values for this event, from WECHAT_MP_TEMPLATES
    ({event: {"template_id": …, "fields": {"thing1": "title", "thing2": "body", "time3": "created"}}}).

    TODO(template registry, issue 17): replace with the registry's mapping for the mp_template channel.
    """
    configured = (current_app.config.get("WECHAT_MP_TEMPLATES") or {}).get(notification.event)
    if not configured:
        return None
    created = as_utc(notification.created_at)
    sources = {"title": notification.title, "body": notification.body,
               "created": created.strftime("%Y-%m-%d %H:%M") if created else "", **(notification.data or {})}
    data = {name: {"value": keyword(sources.get(source, ""))}
            for name, source in configured.get("fields", {"thing1": "title", "thing2": "body"}).items()}
    return configured["template_id"], data


def _recipient(notification: Notification, error: type[Exception]):
    user = db.session.get(User, notification.user_id)
    follower = records.follower_of(user) if user is not None else None
    if follower is None:
        raise error("未关注公众号", retry=False, code=43004, skipped=True)
    return follower


def _call(send: Callable[[], object], error: type[Exception]) -> None:
    try:
        send()
    except WeChatClientException as exc:
        code = exc.errcode
        if code in FINAL:
            raise error(f"{code} {FINAL[code]}", retry=False, code=code, skipped=code in SKIPPED) from exc
        raise error(f"{code} {exc.errmsg}", retry=True, code=code) from exc
    except requests.RequestException as exc:
        raise error(f"网络错误：{exc.__class__.__name__}", retry=True) from exc


def channel_handlers(error: type[Exception]) -> dict[str, Callable[[Notification], None]]:
    """The handlers outbox.CHANNEL_HANDLERS registers; `error` is its DeliveryError (passed in, so this
    module does not import the outbox that imports it)."""

    def send_template(notification: Notification) -> None:
        template = _template_for(notification)
        if template is None:
            raise error(f"未配置“{notification.event}”的公众号模板", retry=False, skipped=True)
        follower = _recipient(notification, error)
        template_id, data = template
        body = {"touser": follower.openid, "template_id": template_id, "data": data,
                # WeChat delivers one message per openid and client_msg_id: a resend after a crash is dropped.
                "client_msg_id": f"notification-{notification.id}"}
        page = (notification.data or {}).get("page")
        if page:
            body["miniprogram"] = {"appid": current_app.config["WECHAT_MINI_APPID"], "pagepath": page}
        _call(lambda: get_wechat().mp.message._post("message/template/send", data=body), error)

    def send_custom(notification: Notification) -> None:
        follower = _recipient(notification, error)
        if not records.in_custom_window(follower):
            raise error("45015 超过 48 小时客服消息时限", retry=False, code=45015, skipped=True)
        text = f"{notification.title}\n{notification.body}"
        _call(lambda: get_wechat().mp.message.send_text(follower.openid, text), error)

    return {"mp_template": send_template, "mp_custom": send_custom}


for _channel, _handler in channel_handlers(DeliveryError).items():
    register(_channel, _handler)
