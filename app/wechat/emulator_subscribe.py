"""The emulator's mini-program subscribe messages (subscribeMessage.send) and the rules WeChat applies.

A message goes out only on a grant the user gave for that template (wx.requestSubscribeMessage: one
tap, one message; 43101 without one), to an openid of this app (40003), for a template of the
account (40037) whose keywords all carry values of their type (47003), to a page of the released
mini-program (41030), within the day's quota (45009). Inspection endpoints let tests and the
developer grant, set the quota, queue a failure (-1 …), and expire the access tokens (40001).
"""
from __future__ import annotations

import json
import re
import time
from typing import Callable, Iterable

import flask

from app.wechat.emulator_base import DEV_CODE, KEY_PREFIX, OK, _json_body, _Store, fail

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CLOCK = r"\d{1,2}:\d{2}(:\d{2})?"
_DAY = r"\d{4}年\d{1,2}月\d{1,2}日"
_TIME = re.compile(f"(({_DAY} )?{_CLOCK}|{_DAY})(~(({_DAY} )?{_CLOCK}|{_DAY}))?")
_DATE = re.compile(f"{_DAY}( {_CLOCK})?(~{_DAY}( {_CLOCK})?)?")
# keyword type → (longest value, the characters it may hold); WeChat's "订阅消息参数值内容限制".
TYPES = {
    "thing": (20, None),
    "phrase": (5, re.compile(f"[{CJK}]+")),
    "character_string": (32, re.compile(r"[!-~]+")),
    "number": (32, re.compile(r"[0-9.]+")),
    "letter": (32, re.compile(r"[A-Za-z]+")),
    "amount": (16, re.compile(r"[¥￥$]?[0-9.]+元?")),
    "phone_number": (17, re.compile(r"[0-9+()-]+")),
    "car_number": (8, None),
}
LANGS = ("zh_CN", "en_US", "zh_HK", "zh_TW")
STATES = ("developer", "trial", "formal")
# The send's last steps in one atomic call (WeChat's order): a queued fault, the day's quota, the user's
# grant (HINCRBY -1 unless none is left), then the sent log's entry (its id from the sequence).
# KEYS: faults, quota, grants, sequence, sent log; ARGV: template id, entry before / after its id, log size.
_SEND = """
local fault = redis.call('LPOP', KEYS[1])
if fault then return {'fault', tonumber(fault)} end
if redis.call('EXISTS', KEYS[2]) == 1 and redis.call('DECR', KEYS[2]) < 0 then return {'quota', 45009} end
local left = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
if left <= 0 then return {'grant', 43101} end
redis.call('HINCRBY', KEYS[3], ARGV[1], -1)
local id = redis.call('INCR', KEYS[4])
redis.call('RPUSH', KEYS[5], ARGV[2] .. id .. ARGV[3])
redis.call('LTRIM', KEYS[5], -tonumber(ARGV[4]), -1)
return {'sent', 0}
"""
_ERRMSG = {"quota": "reach max api daily quota limit", "grant": "user refuse to accept the msg"}
INSPECTION = {"subscribe_grant", "subscribe_grants", "subscribe_templates", "subscribe_template_add",
              "subscribe_pages", "subscribe_quota", "subscribe_faults", "tokens_expire"}


def field_error(keyword: str, value: object) -> str | None:
    """Why WeChat refuses `value` for `keyword` (its type is the name's prefix), or None."""
    kind = keyword.rstrip("0123456789")
    if not isinstance(value, str) or not value or _CONTROL.search(value):
        return "empty or control character"
    if kind == "name":
        return None if len(value) <= (10 if re.search(f"[{CJK}]", value) else 20) else "too long"
    if kind in ("time", "date"):
        return None if (_TIME if kind == "time" else _DATE).fullmatch(value) else "format"
    if kind not in TYPES:
        return "unknown keyword"
    limit, chars = TYPES[kind]
    if len(value) > limit:
        return "too long"
    return None if chars is None or chars.fullmatch(value) else "character"


def install(app: flask.Flask, store: _Store, require_token: Callable[[], str],
            templates: dict[str, Iterable[str]] | None = None, pages: Iterable[str] | None = None) -> set[str]:
    """Add the subscribe endpoints to the emulator app; returns the names of its inspection endpoints."""
    builtin_templates = {tid: list(keywords) for tid, keywords in (templates or {}).items()}
    builtin_pages = set(pages or ())
    r = store.r
    send_script = r.register_script(_SEND)

    def template_keywords(template_id: str) -> list[str] | None:
        if template_id in builtin_templates:
            return builtin_templates[template_id]
        return store.get_json(f"subscribe:template:{template_id}")

    def released_pages() -> set[str]:
        return builtin_pages | set(store.get_json("subscribe:pages") or [])

    @app.post("/cgi-bin/message/subscribe/send")
    def subscribe_send():
        appid = require_token()
        body = _json_body()
        touser = body.get("touser")
        if not isinstance(touser, str) or not DEV_CODE.fullmatch(touser):
            fail(40003, "invalid openid")
        template_id = body.get("template_id")
        keywords = template_keywords(template_id) if isinstance(template_id, str) else None
        if keywords is None:
            fail(40037, "invalid template_id")
        if body.get("miniprogram_state", "formal") not in STATES:
            fail(47003, "argument invalid! miniprogram_state")
        if body.get("lang", "zh_CN") not in LANGS:
            fail(47003, "argument invalid! lang")
        page = body.get("page")
        if page:
            path = str(page).split("?", 1)[0].lstrip("/")
            if path not in released_pages():
                fail(41030, "invalid page: not in the released version of the mini program")
        data = body.get("data")
        data = data if isinstance(data, dict) else {}
        for keyword in keywords:
            entry = data.get(keyword)
            problem = field_error(keyword, entry.get("value") if isinstance(entry, dict) else None)
            if problem:
                fail(47003, f"argument invalid! data.{keyword}.value: {problem}")
        # The sent log's entry as _Store.record writes it, its id filled in by the script.
        rest = json.dumps({"kind": "subscribe", "appid": appid, "to": touser, "body": body,
                           "at": round(time.time(), 3)}, ensure_ascii=False)
        step, code = send_script(keys=[f"{KEY_PREFIX}subscribe:faults", f"{KEY_PREFIX}subscribe:quota:{appid}",
                                 f"{KEY_PREFIX}subscribe:grants:{appid}:{touser}", f"{KEY_PREFIX}seq:sent",
                                 f"{KEY_PREFIX}sent"],
                           args=[template_id, '{"id": ', ", " + rest[1:], store.sent_keep])
        step = step.decode() if isinstance(step, bytes) else step
        if step == "fault":
            fail(int(code), "system error" if int(code) == -1 else "injected failure")
        if step != "sent":
            fail(int(code), _ERRMSG[step])
        return OK

    # --- inspection ------------------------------------------------------------------------

    def appid_arg(source: dict) -> str:
        appid = source.get("appid")
        if not appid:
            fail(41002, "appid missing")
        return appid

    @app.post("/subscribe/grants")
    def subscribe_grant():
        """What wx.requestSubscribeMessage does when the user taps 允许: one grant per template id."""
        body = _json_body()
        appid, openid = appid_arg(body), body.get("openid", "")
        count = int(body.get("count", 1))
        key = f"{KEY_PREFIX}subscribe:grants:{appid}:{openid}"
        for template_id in body.get("template_ids", []):
            r.hincrby(key, template_id, count)
        return {**OK, "grants": {k.decode(): int(v) for k, v in r.hgetall(key).items()}}

    @app.get("/subscribe/grants")
    def subscribe_grants():
        args = flask.request.args
        key = f"{KEY_PREFIX}subscribe:grants:{appid_arg(args)}:{args.get('openid', '')}"
        return {**OK, "grants": {k.decode(): int(v) for k, v in r.hgetall(key).items()}}

    @app.get("/subscribe/templates")
    def subscribe_templates():
        return {**OK, "templates": builtin_templates, "pages": sorted(released_pages())}

    @app.post("/subscribe/templates")
    def subscribe_template_add():
        """Add templates to the account: {"template_id": ["thing1", "time2", …]}."""
        for template_id, keywords in _json_body().items():
            store.put_json(f"subscribe:template:{template_id}", list(keywords))
        return OK

    @app.post("/subscribe/pages")
    def subscribe_pages():
        store.put_json("subscribe:pages", sorted(set(_json_body().get("pages", []))))
        return OK

    @app.post("/subscribe/quota")
    def subscribe_quota():
        """{"appid", "remaining": n}: n more messages today, then 45009; remaining null lifts the quota."""
        body = _json_body()
        key = f"{KEY_PREFIX}subscribe:quota:{appid_arg(body)}"
        if body.get("remaining") is None:
            r.delete(key)
        else:
            r.set(key, int(body["remaining"]))
        return OK

    @app.post("/subscribe/faults")
    def subscribe_faults():
        """{"errcodes": [-1, 45009]}: the next sends fail with these codes, in order."""
        codes = [int(code) for code in _json_body().get("errcodes", [])]
        if codes:
            r.rpush(f"{KEY_PREFIX}subscribe:faults", *codes)
        return OK

    @app.post("/tokens/expire")
    def tokens_expire():
        """Every access_token issued (to `appid` if given) stops working now: the next call gets 40001."""
        appid = (json.loads(flask.request.get_data() or b"{}") or {}).get("appid")
        expired = 0
        for key in r.scan_iter(match=f"{KEY_PREFIX}token:*", count=500):
            owner = r.get(key)
            if owner is not None and (appid is None or owner.decode() == appid):
                expired += r.delete(key)
        return {**OK, "expired": expired}

    return INSPECTION
