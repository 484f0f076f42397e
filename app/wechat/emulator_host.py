"""The WeChat emulator as a host of its own, for a deployment's test (the multi-host test's "WeChat").

    EMULATOR_REDIS_URL=redis://… WECHAT_MINI_APPID=… WECHAT_MINI_SECRET=… WECHAT_MP_APPID=… WECHAT_MP_SECRET=… \
      gunicorn --bind HOST:PORT 'app.wechat.emulator_host:create_app()'

The app's hosts then run with APP_ENV=production, those AppIDs and secrets, WECHAT_EMULATOR=0 and
WECHAT_API_URL=http://HOST:PORT: they talk to it as to WeChat, over the network, through wechatpy. Its
inspection endpoints answer loopback callers and those presenting DEV_ACCESS_KEY (X-Dev-Access-Key).
"""
from __future__ import annotations

import os

import redis

from app.wechat import dev_access, released_pages
from app.wechat.emulator import create_emulator_app

APP_SETTINGS = (("WECHAT_MINI_APPID", "WECHAT_MINI_SECRET"), ("WECHAT_MP_APPID", "WECHAT_MP_SECRET"))


def create_app(env: dict | None = None):
    env = dict(os.environ if env is None else env)
    missing = [name for pair in APP_SETTINGS for name in pair if not env.get(name)]
    if missing or not env.get("EMULATOR_REDIS_URL"):
        raise RuntimeError("the emulator host needs EMULATOR_REDIS_URL and " + ", ".join(missing or ["its AppIDs"]))
    key = env.get("DEV_ACCESS_KEY") or None
    return create_emulator_app(
        redis.Redis.from_url(env["EMULATOR_REDIS_URL"]),
        {env[appid]: env[secret] for appid, secret in APP_SETTINGS},
        inspection_allowed=lambda environ: dev_access.environ_allowed(environ, key),
        pages=released_pages(),
    )
