"""The official account's mass send (群发) for a broadcast to its followers or to one tag.

WeChat's rules, explained in the console too: a service account's followers receive at most 4 mass
messages a month, a subscription account's 1 a day; the API takes 60 requests a minute. We build the
request ourselves: wechatpy 1.8.18 still filters by the old `group_id`, the API wants `tag_id`; and we
send `clientmsgid`, so that WeChat refuses a second submission of the same broadcast (45065) when a
worker is killed between its request and its commit.
"""
from __future__ import annotations

import time

import requests
from wechatpy.exceptions import WeChatClientException

from app.models import Broadcast
from app.redis_store import get_redis
from app.wechat import get_wechat

RATE_PER_MINUTE = 60
RULES = ("服务号的每位关注者每月最多收到 4 条群发消息，订阅号每天可群发 1 次；超出后微信拒绝（45028）。",
         "群发接口每分钟最多调用 60 次，本系统自动排队。",
         "同一条通知只提交一次：重复提交时微信按 clientmsgid 拒绝（45065），不会重复发送。",
         "群发由微信异步完成，送达人数以公众号后台的群发记录为准。")
FINAL_CODES = {45028: "本月（或今日）群发次数已用完", 40050: "公众号标签不存在", 40008: "消息类型不被接受",
               48001: "公众号没有群发接口权限"}
LATER_CODES = {-1, 45009, 45011, 45047}


class TryLater(Exception):
    def __init__(self, seconds: float, reason: str):
        super().__init__(reason)
        self.seconds = seconds


def request_body(broadcast: Broadcast) -> dict:
    spec = broadcast.audience
    audience = {"is_to_all": True} if spec["kind"] == "mp_followers" else {"is_to_all": False,
                                                                          "tag_id": int(spec["tag_id"])}
    text = f"【{broadcast.title}】\n{broadcast.body}"
    return {"filter": audience, "msgtype": "text", "text": {"content": text}, "send_ignore_reprint": 0,
            "clientmsgid": broadcast.mass["clientmsgid"]}


def _take_rate_slot(appid: str) -> None:
    minute = int(time.time() // 60)
    key = f"broadcasts:mass_rate:{appid}:{minute}"
    redis = get_redis()
    used = redis.incr(key)
    redis.expire(key, 90)
    if used > RATE_PER_MINUTE:
        raise TryLater(60 - time.time() % 60 + 1, "群发接口本分钟调用已满 60 次")


def submit(broadcast: Broadcast) -> None:
    """Submit the mass send once and record WeChat's answer on `broadcast.mass` (the caller commits).

    Raises TryLater for limits that pass (the minute's rate, WeChat busy, the network)."""
    mass = dict(broadcast.mass or {})
    if mass.get("status") in ("submitted", "failed"):
        return
    client = get_wechat().mp
    _take_rate_slot(client.appid)
    try:
        answer = client.post("message/mass/sendall", data=request_body(broadcast))
    except WeChatClientException as exc:
        code = exc.errcode
        if code is None or code in LATER_CODES:
            raise TryLater(60, f"微信暂不可用（{code}）") from exc
        if code == 45065:  # submitted before (a worker killed after the request): WeChat has it
            mass.update(status="submitted", errcode=45065, errmsg="clientmsgid exist: 已提交过，未重复发送")
        else:
            mass.update(status="failed", errcode=code, errmsg=FINAL_CODES.get(code, str(exc.errmsg)))
    except requests.RequestException as exc:
        raise TryLater(60, "无法连接微信") from exc
    else:
        mass.update(status="submitted", errcode=0, msg_id=answer.get("msg_id"),
                    msg_data_id=answer.get("msg_data_id"))
    broadcast.mass = mass
