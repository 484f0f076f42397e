"""All calls to WeChat go through wechatpy clients made here; the emulator stands in during development."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, request
from wechatpy import WeChatClient

from app.observability.requests import ROUTE_KEY
from app.redis_store import get_redis
from app.wechat.clients import build_client

EMULATOR_MOUNT = "/_wechat-emulator"
MINIPROGRAM_APP_JSON = Path(__file__).resolve().parents[2] / "miniprogram" / "app.json"


def released_pages() -> list[str]:
    """The mini-program's pages (its app.json), which the emulator treats as the released version."""
    try:
        return list(json.loads(MINIPROGRAM_APP_JSON.read_text(encoding="utf-8"))["pages"])
    except (OSError, ValueError, KeyError):
        return []


def _account_templates(app: Flask) -> dict[str, list[str]]:
    # The subscribe templates the organizers added to the account: those the registry names.
    from app.services.notifications.registry import load

    registry = load(app.config.get("NOTIFY_TEMPLATES", ""), defaults=True)
    return {t.template_id: list(t.fields) for t in registry.channel_templates("subscribe")}


@dataclass
class WeChat:
    mini: WeChatClient  # the mini-program
    mp: WeChatClient  # the official account
    emulated: bool


def init_app(app: Flask) -> None:
    if app.config["WECHAT_EMULATOR"]:
        # Serve the emulator inside the app so one process answers both (never in production:
        # config refuses the emulator there).
        from werkzeug.middleware.dispatcher import DispatcherMiddleware

        from app.wechat import dev_access
        from app.wechat.emulator import create_emulator_app

        emulator = create_emulator_app(
            app.extensions["redis"],
            {
                app.config["WECHAT_MINI_APPID"]: app.config["WECHAT_MINI_SECRET"],
                app.config["WECHAT_MP_APPID"]: app.config["WECHAT_MP_SECRET"],
            },
            # Inspection answers loopback callers, or the development key (read now: tests change it).
            inspection_allowed=lambda environ: dev_access.environ_allowed(environ, app.config["DEV_ACCESS_KEY"]),
            subscribe_templates=_account_templates(app),
            pages=released_pages(),
        )
        emulator.teardown_request(_leave_emulator_route)
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {EMULATOR_MOUNT: emulator})


def _leave_emulator_route(_exc=None) -> None:
    # The request log names the emulator's rule, as it names the app's: its paths are not the app's URL map.
    if request.url_rule is not None:
        request.environ[ROUTE_KEY] = EMULATOR_MOUNT + request.url_rule.rule


def get_wechat() -> WeChat:
    """The clients for this app, built once per app and shared (the token lives in Redis)."""
    wechat = current_app.extensions.get("wechat")
    if wechat is None:
        cfg = current_app.config
        emulator_url = cfg["WECHAT_EMULATOR_URL"] if cfg["WECHAT_EMULATOR"] else None
        make = lambda appid, secret: build_client(  # noqa: E731
            appid, secret, get_redis(), timeout=cfg["WECHAT_TIMEOUT"],
            emulator_url=emulator_url or cfg["WECHAT_API_URL"] or None,
        )
        wechat = WeChat(
            mini=make(cfg["WECHAT_MINI_APPID"], cfg["WECHAT_MINI_SECRET"]),
            mp=make(cfg["WECHAT_MP_APPID"], cfg["WECHAT_MP_SECRET"]),
            emulated=bool(emulator_url),
        )
        current_app.extensions["wechat"] = wechat
    return wechat
