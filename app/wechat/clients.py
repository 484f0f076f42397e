"""wechatpy clients built from settings, with the access_token kept in Redis."""
from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from wechatpy import WeChatClient
from wechatpy.session.redisstorage import RedisStorage

WECHAT_HOSTS = {
    "https://api.weixin.qq.com/": "/",
    "https://mp.weixin.qq.com/": "/mp/",
}


# Kept-alive connections per WeChat host: as many as the worker's sending threads (SEND_THREADS in
# app/services/notifications/delivery.py), so none is opened and dropped per call.
POOL_SIZE = 16


class TimeoutAdapter(HTTPAdapter):
    """wechatpy's token fetch passes no timeout; every call to WeChat gets one here."""

    def __init__(self, timeout: float):
        super().__init__(pool_maxsize=POOL_SIZE)
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


class EmulatorAdapter(TimeoutAdapter):
    """Sends requests for WeChat's hosts to the local emulator instead.

    wechatpy builds several absolute URLs (cgi-bin/token, customservice, qrcode show), so changing
    API_BASE_URL alone would miss them; rewriting at the transport catches every call.
    """

    def __init__(self, emulator_url: str, timeout: float):
        super().__init__(timeout)
        self.emulator_url = emulator_url.rstrip("/")

    def send(self, request: requests.PreparedRequest, **kwargs):
        for host, prefix in WECHAT_HOSTS.items():
            if request.url.startswith(host):
                request.url = self.emulator_url + prefix + request.url[len(host):]
                break
        kwargs["proxies"] = {}  # the emulator is on loopback: never through a proxy
        return super().send(request, **kwargs)


def build_client(appid: str, secret: str, redis_client, *, timeout: float,
                 emulator_url: str | None = None) -> WeChatClient:
    storage = RedisStorage(redis_client, prefix=f"wechatpy:{appid}")
    client = WeChatClient(appid, secret, session=storage, timeout=timeout)
    adapter = EmulatorAdapter(emulator_url, timeout) if emulator_url else TimeoutAdapter(timeout)
    for host in WECHAT_HOSTS:
        client._http.mount(host, adapter)
    return client
