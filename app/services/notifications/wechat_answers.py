"""What WeChat's answers mean for a message: final (with or without skipping), later (quota), retry.

Shared by every WeChat channel (subscribe here; the official account's template and customer-service
channels too). `send_once_refreshing` sends with wechatpy, refreshing the access_token once on
40001/42001/40014 and sending again (wechatpy's own auto-retry may repeat without end).
"""
from __future__ import annotations

import copy
from typing import Callable

import requests
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException

from app.services.notifications.channels import DeliveryError

TOKEN_CODES = {40001, 40014, 42001}
# Final answers: trying again cannot help. Skipped ones are the user's choice, not a fault.
SKIPPED_CODES = {43101: "未授权", 43004: "未关注公众号"}
FAILED_CODES = {
    40003: "openid 无效",
    40037: "模板 id 无效",
    41030: "页面不存在或未发布",
    47003: "字段不符合模板要求",
    45015: "超出客服消息 48 小时窗口",
    40036: "模板 id 无效",
}
# Quotas and rate limits: the same message will go through later.
LATER_CODES = {45009: "接口调用超过每日限额", 45011: "接口调用过于频繁", 45047: "客服消息超过下发条数"}


def classify(exc: Exception) -> DeliveryError:
    """The DeliveryError for a wechatpy or network failure."""
    code = getattr(exc, "errcode", None)
    if code is None:  # network trouble, an HTTP error, an unreadable answer
        return DeliveryError(f"网络错误：{type(exc).__name__}", retry=True, code="network")
    code = int(code)
    if code in SKIPPED_CODES:
        return DeliveryError(SKIPPED_CODES[code], retry=False, code=code, skipped=True)
    if code in FAILED_CODES:
        return DeliveryError(f"{FAILED_CODES[code]}（{code}）", retry=False, code=code)
    if code in LATER_CODES:
        return DeliveryError(f"{LATER_CODES[code]}（{code}）", retry=True, code=code, later=True)
    if code in TOKEN_CODES:
        return DeliveryError(f"access_token 失效（{code}），刷新后仍失败", retry=True, code=code)
    # -1 (system busy) and anything unknown: try again with backoff.
    return DeliveryError(f"微信返回 {code}：{getattr(exc, 'errmsg', '')}"[:300], retry=True, code=code)


def send_once_refreshing(client: WeChatClient, send: Callable[[WeChatClient], dict]) -> dict:
    """`send(client)`, and once more after a fresh access_token when WeChat says the token expired."""
    sender = copy.copy(client)  # shares the token store and HTTP session; no open-ended auto-retry
    sender.auto_retry = False
    try:
        try:
            return send(sender)
        except WeChatClientException as exc:
            if exc.errcode is None or int(exc.errcode) not in TOKEN_CODES:
                raise
            client.fetch_access_token()
            return send(sender)
    except (WeChatClientException, requests.RequestException) as exc:
        raise classify(exc) from exc
