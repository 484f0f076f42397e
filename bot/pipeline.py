"""From a verified, decrypted message to the reply: parse → de-duplicate → dispatch → render.

- De-duplication: WeChat retries a message three times when it gets no answer within 5 seconds.
  Before any work, `SET NX` on the MsgId (events: FromUserName + CreateTime + the event) claims it; a retry
  finds the claim and gets the reply the first delivery produced, or "success" while it is still
  being worked on. A command never runs twice.
- The 5-second rule: the handler runs in a thread; if it has not answered within
  WECHAT_MP_REPLY_SECONDS, the callback answers "success" at once and, when the handler is done,
  the worker sends its answer as a customer-service message (job "bot.follow_up").
- A handler that raises a service's refusal answers its Chinese message; anything else answers an
  apology and logs the error: never a silent empty reply.
"""
from __future__ import annotations

import json
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from wechatpy.replies import ArticlesReply, TextReply

from app.extensions import db
from app.redis_store import get_redis
from app.services import jobs
from app.services.errors import DomainError
from app.services.followers import records as followers
from bot import commands, events  # noqa: F401 - importing them registers the handlers
from bot.registry import Incoming, Reply, normalise, registry

log = logging.getLogger(__name__)

APOLOGY = "抱歉，系统开了个小差，请稍后再试。"
SEEN_TTL_SECONDS = 600  # longer than WeChat's retries (3 × 5 s) with room to spare
PENDING = b"pending"
# A passive news reply to a follower's message holds one article (to an event, up to 8); the other
# cards follow as customer-service messages of one article each (WeChat's rule, 45008 otherwise).
MAX_CARDS_TO_MESSAGE, MAX_CARDS_TO_EVENT = 1, 8
_executor = ThreadPoolExecutor(max_workers=16, thread_name_prefix="bot")


def incoming_from(fields: dict[str, str]) -> Incoming:
    msg_type = (fields.get("MsgType") or "").lower()
    event = (fields.get("Event") or "").lower() or None
    key = fields.get("EventKey") or None
    if event == "subscribe" and key and key.startswith("qrscene_"):
        event, key = "subscribe_scan", key[len("qrscene_"):]
    return Incoming(openid=fields.get("FromUserName", ""), msg_type=msg_type, event=event,
                    text=normalise(fields.get("Content", "")), key=key, msg_id=fields.get("MsgId") or None)


def dedupe_key(appid: str, fields: dict[str, str]) -> str:
    # Events have no MsgId: WeChat's retries repeat the sender and CreateTime (and the event itself, which
    # keeps two different events of one second apart).
    identity = fields.get("MsgId") or ":".join(fields.get(name, "") for name in (
        "FromUserName", "CreateTime", "Event", "EventKey"))
    return f"bot:seen:{appid}:{identity}"


def run_handler(incoming: Incoming) -> Reply:
    """Dispatch to the registered handler; a refusal is said in words, an error is apologised for."""
    try:
        if incoming.msg_type != "event":
            followers.touch(incoming.openid)  # opens the 48-hour window for customer-service messages
        handler, incoming = registry.resolve(incoming)
        return handler(incoming) if handler else None
    except DomainError as exc:
        db.session.rollback()
        return exc.message
    except Exception:  # noqa: BLE001 - the follower gets an apology, the log gets the traceback
        db.session.rollback()
        log.exception("bot: handler failed for %s %s", incoming.msg_type, incoming.event or incoming.text[:20])
        return APOLOGY


def _in_app(app, incoming: Incoming) -> Reply:
    with app.app_context():
        try:
            return run_handler(incoming)
        finally:
            db.session.remove()


def _follow_up(app, incoming: Incoming, claim: str, future: Future) -> None:
    """The handler finished after the callback answered "success": the worker sends its answer."""
    reply = future.result()
    with app.app_context():
        get_redis().set(claim, json.dumps({"followed_up": True}), keepttl=True)
        if reply:
            try:
                jobs.enqueue("bot.follow_up", incoming.openid, reply)
            except Exception:  # noqa: BLE001 - Redis down: the answer is lost, the follower may ask again
                log.exception("bot: could not queue the follow-up for %s", incoming.openid)


def handle(app, appid: str, fields: dict[str, str], deadline_seconds: float) -> Reply:
    """The reply to one message, within `deadline_seconds`; None means answer "success"."""
    claim = dedupe_key(appid, fields)
    redis = get_redis()
    if not redis.set(claim, PENDING, nx=True, ex=SEEN_TTL_SECONDS):
        earlier = redis.get(claim)
        if earlier and earlier != PENDING:
            return json.loads(earlier).get("reply")  # WeChat lost our answer: the same answer again
        return None
    incoming = incoming_from(fields)
    started = time.monotonic()
    future = _executor.submit(_in_app, app, incoming)
    try:
        reply = future.result(timeout=deadline_seconds)
    except FutureTimeout:
        log.warning("bot: %s took longer than %.1f s; answering later by customer-service message",
                    incoming.event or incoming.msg_type, deadline_seconds)
        future.add_done_callback(lambda done: _follow_up(app, incoming, claim, done))
        return None
    limit = MAX_CARDS_TO_EVENT if incoming.msg_type == "event" else MAX_CARDS_TO_MESSAGE
    if isinstance(reply, list) and len(reply) > limit:
        reply, rest = reply[:limit], reply[limit:]
        try:
            jobs.enqueue("bot.follow_up", incoming.openid, rest)
        except Exception:  # noqa: BLE001 - the first card still answers
            log.exception("bot: could not queue the other cards for %s", incoming.openid)
    redis.set(claim, json.dumps({"reply": reply}, ensure_ascii=False), keepttl=True)
    log.debug("bot: answered in %.3f s", time.monotonic() - started)
    return reply


def render(reply: Reply, *, to: str, account: str) -> str | None:
    """A string → a text reply; a list of cards → a news reply; nothing → None ("success")."""
    if not reply:
        return None
    if isinstance(reply, str):
        return TextReply(source=account, target=to, content=reply).render()
    articles = [{"title": c["title"], "description": c.get("description", ""), "image": c.get("image") or "",
                 "url": c.get("url", "")} for c in reply[:MAX_CARDS_TO_EVENT]]
    return ArticlesReply(source=account, target=to, articles=articles).render()
