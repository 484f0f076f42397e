"""Who follows the official account, since when, and which mini-program user they are."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import requests
import sqlalchemy as sa
from wechatpy.exceptions import WeChatClientException

from app.extensions import db
from app.models import Follower, User
from app.models.base import as_utc, utcnow
from app.services.accounts import disabled
from app.wechat import get_wechat

log = logging.getLogger(__name__)

# WeChat accepts customer-service messages within 48 hours of the follower's last message or event.
CUSTOM_WINDOW = timedelta(hours=48)


def find(openid: str) -> Follower | None:
    return db.session.scalars(sa.select(Follower).where(Follower.openid == openid)).first()


def _fetch_unionid(follower: Follower) -> None:
    """Ask WeChat (cgi-bin/user/info) for the unionid; it is there only while the person follows."""
    try:
        info = get_wechat().mp.user.get(follower.openid)
    except (WeChatClientException, requests.RequestException):
        log.warning("followers: user/info failed for follower %s", follower.id, exc_info=True)
        return
    if info.get("unionid"):
        follower.unionid = info["unionid"]


def touch(openid: str, now: datetime | None = None) -> Follower:
    """Record an interaction (a message, a click, a scan): it opens WeChat's 48-hour window."""
    follower = find(openid)
    if follower is None:
        # Someone who followed before the bot existed: they are a follower, or WeChat would not forward.
        follower = Follower(openid=openid, subscribed=True)
        db.session.add(follower)
    follower.last_interaction_at = now or utcnow()
    if follower.unionid is None:
        _fetch_unionid(follower)
    db.session.commit()
    return follower


def subscribe(openid: str, scene: str | None = None, now: datetime | None = None) -> Follower:
    now = now or utcnow()
    follower = find(openid) or Follower(openid=openid)
    db.session.add(follower)
    follower.subscribed, follower.subscribed_at, follower.unsubscribed_at = True, now, None
    follower.last_interaction_at = now
    if scene:
        follower.subscribe_scene = scene[:64]
    _fetch_unionid(follower)
    db.session.commit()
    return follower


def unsubscribe(openid: str, now: datetime | None = None) -> Follower:
    follower = find(openid) or Follower(openid=openid)
    db.session.add(follower)
    follower.subscribed, follower.unsubscribed_at = False, now or utcnow()
    db.session.commit()
    return follower


def person(follower: Follower) -> User:
    """The user this follower acts as: the mini-program user with the same unionid when there is one.

    A follower without such a user gets one (no openid of the mini-program yet); logging in to the
    mini-program later with the same unionid attaches to it (services/accounts/auth.py), so likes,
    leads and nominations always count against one person. A disabled account acts here no more than
    through the API (403 `account_disabled`): the bot's acts and the follower's own data are refused.
    """
    user = db.session.get(User, follower.user_id) if follower.user_id else None
    if user is None and follower.unionid:
        user = db.session.scalars(sa.select(User).where(User.unionid == follower.unionid)
                                  .order_by(User.openid.is_(None), User.id)).first()
    if user is None:
        user = User(unionid=follower.unionid, roles=[])
        db.session.add(user)
        db.session.flush()
    if follower.user_id != user.id:
        follower.user_id = user.id
    db.session.commit()
    if user.disabled_at is not None:
        raise disabled.refusal()
    return user


def in_custom_window(follower: Follower, now: datetime | None = None) -> bool:
    last = as_utc(follower.last_interaction_at)
    return last is not None and (now or utcnow()) - last <= CUSTOM_WINDOW


def follower_of(user: User) -> Follower | None:
    """The subscribed follower who is this user (by the link, else by unionid)."""
    conditions = [Follower.user_id == user.id]
    if user.unionid:
        conditions.append(Follower.unionid == user.unionid)
    return db.session.scalars(sa.select(Follower).where(sa.or_(*conditions), Follower.subscribed.is_(True))
                              .order_by(Follower.id)).first()
