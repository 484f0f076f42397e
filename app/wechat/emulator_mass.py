"""The emulator's mass send (`cgi-bin/message/mass/sendall`) with WeChat's rules for it.

- 60 requests a minute per account (45011 beyond);
- a monthly quota per account (45028 when none is left): a service account's followers receive at most
  4 mass messages a month; the emulator keeps it simple, one counter per appid and month, whose limit a
  test may change with `set_monthly_quota`;
- `clientmsgid`: a second submission with the same id is refused (45065) and nothing is sent again;
- the filter takes `tag_id` (wechatpy 1.8.18 still sends the older `group_id`, which is accepted too).
"""
from __future__ import annotations

import time
from typing import Callable

import flask
import redis

KEY_PREFIX = "wxemu:mass:"
MONTHLY_QUOTA = 4
RATE_PER_MINUTE = 60
CLIENTMSGID_SECONDS = 24 * 3600  # WeChat keeps a clientmsgid for 24 hours


def set_monthly_quota(client: redis.Redis, appid: str, quota: int) -> None:
    """How many mass sends `appid` may make this month (a test's knob; default MONTHLY_QUOTA)."""
    client.set(f"{KEY_PREFIX}quota:{appid}", int(quota))


def _month() -> str:
    return time.strftime("%Y%m", time.gmtime())


def register(app: flask.Flask, store, require_token: Callable[[], str], read_body: Callable[[], dict],
             message_type_ok: Callable[[dict], bool], fail: Callable[[int, str], None]) -> None:
    """Add the mass-send endpoint to the emulator app (helpers passed in: no import back into emulator.py)."""
    r: redis.Redis = store.r

    @app.post("/cgi-bin/message/mass/sendall")
    def mass_sendall():
        appid = require_token()
        minute_key = f"{KEY_PREFIX}rate:{appid}:{int(time.time() // 60)}"
        calls = r.incr(minute_key)
        r.expire(minute_key, 120)
        if calls > RATE_PER_MINUTE:
            fail(45011, "api minute-quota reach limit  mustslower  retry next minute")
        body = read_body()
        audience = body.get("filter")
        audience = audience if isinstance(audience, dict) else {}
        tag = audience.get("tag_id", audience.get("group_id"))
        if not audience.get("is_to_all") and tag is None:
            fail(40050, "invalid tag id")
        if not message_type_ok(body):
            fail(40008, "invalid message type")
        client_msg_id = body.get("clientmsgid")
        seen_key = f"{KEY_PREFIX}clientmsgid:{appid}:{client_msg_id}"
        if client_msg_id is not None:
            if not isinstance(client_msg_id, str) or not 0 < len(client_msg_id) <= 64:
                fail(40097, "invalid args: clientmsgid")
            # Claimed atomically: two submissions at once cannot both pass.
            if not r.set(seen_key, 0, nx=True, ex=CLIENTMSGID_SECONDS):
                fail(45065, f"clientmsgid exist msg_id {int(r.get(seen_key) or 0)}")
        used_key = f"{KEY_PREFIX}used:{appid}:{_month()}"
        quota = r.get(f"{KEY_PREFIX}quota:{appid}")
        limit = int(quota) if quota is not None else MONTHLY_QUOTA
        if r.incr(used_key) > limit:
            r.decr(used_key)
            if client_msg_id is not None:
                r.delete(seen_key)
            fail(45028, "has no masssend quota")
        r.expire(used_key, 40 * 24 * 3600)
        msg_id = store.next_id("msgid")
        if client_msg_id is not None:
            r.set(seen_key, msg_id, ex=CLIENTMSGID_SECONDS)
        store.record("mass", appid, "@all" if audience.get("is_to_all") else f"tag:{tag}", body)
        return {"errcode": 0, "errmsg": "send job submission success", "msg_id": msg_id, "msg_data_id": msg_id}
