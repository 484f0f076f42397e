"""What the product sends through the official account on its own: customer-service messages, the
menu, parametric QR codes (all through wechatpy)."""
from __future__ import annotations

import json
from pathlib import Path

import requests
from wechatpy.exceptions import WeChatClientException

from app.services.errors import DomainError
from app.services.followers import records
from app.wechat import get_wechat

QR_TEMP_MAX_DAYS = 30
SCENE_MAX = 64  # WeChat's limit for scene_str
# WeChat's answer when the 48-hour window is closed, and when the follower left.
OUT_OF_WINDOW, NOT_FOLLOWING = 45015, 43004


def _wechat_error(exc: Exception) -> DomainError:
    code = getattr(exc, "errcode", None)
    return DomainError("wechat_error", f"微信接口返回错误（{code}）：{getattr(exc, 'errmsg', exc)}", 502,
                       details={"errcode": code})


def send_custom(openid: str, reply: str | list[dict]) -> dict | list[dict]:
    """A customer-service message: text, or news cards ({title, description, url, image}), one message each.

    Refused here, as WeChat would (45015), when the follower has not written within 48 hours."""
    follower = records.find(openid)
    if follower is None or not records.in_custom_window(follower):
        raise DomainError("out_of_window", "已超过 48 小时客服消息时限", 409, details={"errcode": OUT_OF_WINDOW})
    message = get_wechat().mp.message
    try:
        if isinstance(reply, str):
            return message.send_text(openid, reply)
        # One article per customer-service news message (WeChat answers 45008 to more).
        return [message.send_articles(openid, [{"title": c["title"], "description": c.get("description", ""),
                                                "url": c.get("url", ""), "image": c.get("image") or ""}])
                for c in reply]
    except (WeChatClientException, requests.RequestException) as exc:
        raise _wechat_error(exc) from exc


def load_menu(path: str | Path) -> dict:
    """The menu configuration kept in the repository (bot/menu.json), checked for WeChat's shape."""
    menu = json.loads(Path(path).read_text(encoding="utf-8"))
    buttons = menu.get("button") if isinstance(menu, dict) else None
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        raise DomainError("invalid_menu", "菜单应有 1-3 个一级菜单", 400)
    for button in buttons:
        subs = button.get("sub_button") or []
        if len(subs) > 5:
            raise DomainError("invalid_menu", f"“{button.get('name')}”的子菜单不能超过 5 个", 400)
    return menu


def create_menu(menu: dict) -> None:
    try:
        get_wechat().mp.menu.create(menu)
    except (WeChatClientException, requests.RequestException) as exc:
        raise _wechat_error(exc) from exc


def create_qrcode(scene: str, *, days: int | None = None, permanent: bool = False) -> dict:
    """A parametric QR (`scene_str`): temporary for `days` (≤ 30), or permanent; WeChat's answer with the picture URL."""
    if not 1 <= len(scene) <= SCENE_MAX:
        raise DomainError("invalid_scene", f"场景值应为 1-{SCENE_MAX} 个字符", 400)
    if permanent:
        body = {"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": scene}}}
    else:
        days = 30 if days is None else days
        if not 1 <= days <= QR_TEMP_MAX_DAYS:
            raise DomainError("invalid_days", f"临时二维码有效期为 1-{QR_TEMP_MAX_DAYS} 天", 400)
        body = {"expire_seconds": days * 24 * 3600, "action_name": "QR_STR_SCENE",
                "action_info": {"scene": {"scene_str": scene}}}
    client = get_wechat().mp
    try:
        answer = client.qrcode.create(body)
    except (WeChatClientException, requests.RequestException) as exc:
        raise _wechat_error(exc) from exc
    return {**answer, "picture_url": client.qrcode.get_url(answer["ticket"])}
