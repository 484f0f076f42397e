"""WeChat's side of the callback, played by the tests: real XML, signed (and encrypted) as WeChat does,
posted to /wechat/bot; followers known to the emulator with their unionids."""
from __future__ import annotations

import itertools
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pytest
from wechatpy.crypto import WeChatCrypto

from bot.gateway import sign
from tests.factories.likes import campaign, likes_app  # noqa: F401 - fixtures

AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # 43 characters, as the platform shows it
ACCOUNT = "gh_gangcheng0001"  # the official account's original id (ToUserName)
_ids = itertools.count(int(time.time()) * 1000)


@dataclass
class Answer:
    status: int
    body: str
    seconds: float
    fields: dict = field(default_factory=dict)  # the reply's XML fields (decrypted in safe mode)
    articles: list = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.fields.get("Content", "")


def xml_of(fields: dict) -> str:
    inner = "".join(f"<{k}>{v}</{k}>" if isinstance(v, int) else f"<{k}><![CDATA[{v}]]></{k}>"
                    for k, v in fields.items())
    return f"<xml>{inner}</xml>"


class WeChat:
    """Posts what WeChat would post; `encrypted` switches to safe mode (encrypt_type=aes)."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        self.encrypted = False

    @property
    def config(self):
        return self.app.config

    def use_safe_mode(self, monkeypatch, mode: str = "safe") -> None:
        monkeypatch.setitem(self.config, "WECHAT_MP_AES_KEY", AES_KEY)
        monkeypatch.setitem(self.config, "WECHAT_MP_MESSAGE_MODE", mode)
        self.encrypted = True

    def crypto(self) -> WeChatCrypto:
        return WeChatCrypto(self.config["WECHAT_MP_TOKEN"], AES_KEY, self.config["WECHAT_MP_APPID"])

    def follow(self, openid: str, unionid: str | None = None) -> None:
        """The person follows the account: the emulator (WeChat) knows them with their unionid."""
        answer = self.client.post("/_wechat-emulator/followers", json={
            "appid": self.config["WECHAT_MP_APPID"], "openid": openid, "unionid": unionid})
        assert answer.get_json()["errcode"] == 0

    def signed_query(self, timestamp: int | None = None, nonce: str = "1320562132", **extra) -> dict:
        timestamp = str(int(time.time()) if timestamp is None else timestamp)
        return {"signature": sign(self.config["WECHAT_MP_TOKEN"], timestamp, nonce), "timestamp": timestamp,
                "nonce": nonce, **extra}

    def post_raw(self, body: bytes | str, query: dict | None = None) -> Answer:
        started = time.monotonic()
        response = self.client.post("/wechat/bot", query_string=query or self.signed_query(), data=body,
                                    content_type="text/xml")
        return Answer(response.status_code, response.get_data(as_text=True), time.monotonic() - started)

    def post(self, fields: dict, *, timestamp: int | None = None) -> Answer:
        plain = xml_of({"ToUserName": ACCOUNT, "CreateTime": int(time.time()), **fields})
        query = self.signed_query(timestamp)
        if self.encrypted:
            envelope = self.crypto().encrypt_message(plain, query["nonce"], query["timestamp"])
            root = ET.fromstring(envelope)
            query = {**query, "encrypt_type": "aes", "msg_signature": root.findtext("MsgSignature")}
            body = xml_of({"ToUserName": ACCOUNT, "Encrypt": root.findtext("Encrypt")})
        else:
            body = plain
        if fields.get("FromUserName"):  # WeChat opens the 48-hour window when the follower writes
            self.client.post(f"/_wechat-emulator/followers/{fields['FromUserName']}/interactions",
                             json={"appid": self.config["WECHAT_MP_APPID"]})
        answer = self.post_raw(body, query)
        return self.read(answer)

    def read(self, answer: Answer) -> Answer:
        if answer.status != 200 or answer.body in ("", "success"):
            return answer
        text = answer.body
        root = ET.fromstring(text)
        if root.find("Encrypt") is not None:
            assert self.encrypted, "an encrypted reply to a plaintext message"
            text = self.crypto().decrypt_message(text, root.findtext("MsgSignature"), root.findtext("TimeStamp"),
                                                 root.findtext("Nonce"))
            root = ET.fromstring(text)
        answer.fields = {child.tag: (child.text or "") for child in root}
        answer.articles = [{c.tag: c.text for c in item} for item in root.iter("item")]
        return answer

    def say(self, openid: str, content: str, msg_id: int | None = None, **kw) -> Answer:
        return self.post({"FromUserName": openid, "MsgType": "text", "Content": content,
                          "MsgId": msg_id or next(_ids)}, **kw)

    def event(self, openid: str, event: str, key: str | None = None, **kw) -> Answer:
        fields = {"FromUserName": openid, "MsgType": "event", "Event": event}
        if key is not None:
            fields["EventKey"] = key
        return self.post(fields, **kw)


@pytest.fixture
def wechat(app, client):
    return WeChat(app, client)


def sent(client, kind: str | None = None) -> list[dict]:
    params = {"kind": kind} if kind else {}
    return client.get("/_wechat-emulator/sent", query_string=params).get_json()["messages"]
