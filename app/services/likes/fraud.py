"""Against vote-brushing (刷票): flags with evidence, holds, and WeChat's risk rank.

The rules run in the worker over the ledger (never in the like request), except the velocity hold,
which the like script itself puts on, and the risk rank, fetched once per user and day.
Organizers review flags and release holds (review.py) and void likes (voids.py); nobody can add likes.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, timezone

import requests
import sqlalchemy as sa
from flask import current_app
from wechatpy.exceptions import WeChatClientException

from app.extensions import db
from app.models import LikeFlag, LikeHold, LikeRecord, User
from app.models.base import utcnow
from app.redis_store import get_redis
from app.services.likes.ledger import dialect_insert
from app.services.likes.state import DAY_KEY_SECONDS, STREAM_KEY
from app.wechat import get_wechat

log = logging.getLogger(__name__)
RISK_UNKNOWN_TTL = 600  # WeChat did not answer: let the user like, ask again in ten minutes


def risk_key(day: date, user_id: int) -> str:
    return f"likes:risk:{day.isoformat()}:{user_id}"


def check_risk_rank(campaign_id: int, user_id: int, ip: str, day: date) -> int:
    """Ask WeChat (getuserriskrank) how risky the user is, once a day; a refused rank leaves a flag."""
    user = db.session.get(User, user_id)
    rank = -1
    if user is not None and user.openid:
        try:
            answer = get_wechat().mini.wxa._post("wxa/getuserriskrank", data={
                "appid": current_app.config["WECHAT_MINI_APPID"], "openid": user.openid,
                "scene": 1, "client_ip": ip})
            rank = int(answer.get("risk_rank", 0))
        except (WeChatClientException, requests.RequestException, ValueError):
            log.warning("likes: getuserriskrank failed for user %s; allowing for now", user_id, exc_info=True)
    pipe = get_redis().pipeline(transaction=True)
    pipe.set(risk_key(day, user_id), rank, ex=RISK_UNKNOWN_TTL if rank < 0 else DAY_KEY_SECONDS)
    if rank >= current_app.config["LIKE_RISK_REJECT_RANK"]:
        # The worker turns this into a flag, so the request writes nothing to the database.
        pipe.xadd(STREAM_KEY, {"t": "risk", "c": campaign_id, "u": user_id, "ip": ip, "d": day.isoformat(),
                               "rank": rank, "at": int(datetime.now(timezone.utc).timestamp() * 1000)})
    pipe.execute()
    return rank


def upsert_flag(campaign_id: int, kind: str, dedupe_key: str, evidence: dict, **subject) -> None:
    """Raise a flag once per subject; later evidence replaces the earlier (counts grow during the day)."""
    stmt = dialect_insert(LikeFlag).values(campaign_id=campaign_id, kind=kind, dedupe_key=dedupe_key,
                                           evidence=evidence, status="open", created_at=utcnow(), **subject)
    db.session.execute(stmt.on_conflict_do_update(index_elements=["dedupe_key"], set_={"evidence": evidence}))


def record_hold(entry_id: str, campaign_id: int, nomination_id: int, fields: dict) -> None:
    """The like script held a nominee (velocity past the campaign's limit): record the flag and the hold."""
    at = datetime.fromtimestamp(int(fields["at"]) / 1000, timezone.utc)
    evidence = {"rate": int(fields["rate"]), "limit": int(fields["limit"]),
                "window_seconds": int(fields["window"]), "at": at.isoformat()}
    key = f"velocity:{campaign_id}:{nomination_id}:{entry_id}"
    upsert_flag(campaign_id, "velocity", key, evidence, nomination_id=nomination_id)
    flag_id = db.session.scalar(sa.select(LikeFlag.id).where(LikeFlag.dedupe_key == key))
    db.session.execute(dialect_insert(LikeHold).values(
        campaign_id=campaign_id, nomination_id=nomination_id, flag_id=flag_id, source=f"stream:{entry_id}",
        held_at=at).on_conflict_do_nothing(index_elements=["source"]))


def record_risk(campaign_id: int, fields: dict) -> None:
    user_id, day = int(fields["u"]), date.fromisoformat(fields["d"])
    upsert_flag(campaign_id, "risk_rank", f"risk:{campaign_id}:{user_id}:{day}",
                {"rank": int(fields["rank"]), "ip": fields["ip"], "day": day.isoformat()},
                user_id=user_id, ip=fields["ip"], day=day)


def evaluate(campaign_id: int, days: set[date], ips: set[str], nomination_ids: set[int]) -> None:
    """Run the ledger rules over what a batch touched: many accounts from one IP, young accounts."""
    config = current_app.config
    live = sa.and_(LikeRecord.campaign_id == campaign_id, LikeRecord.day.in_(days))
    if ips:
        crowded = db.session.execute(
            sa.select(LikeRecord.ip, LikeRecord.day, sa.func.count(sa.distinct(LikeRecord.user_id)),
                      sa.func.count(LikeRecord.id))
            .where(live, LikeRecord.ip.in_(ips)).group_by(LikeRecord.ip, LikeRecord.day)
            .having(sa.func.count(sa.distinct(LikeRecord.user_id)) >= config["LIKE_FLAG_IP_ACCOUNTS"])).all()
        for ip, day, accounts, likes in crowded:
            users = db.session.scalars(sa.select(LikeRecord.user_id).distinct().where(
                live, LikeRecord.ip == ip, LikeRecord.day == day).limit(50)).all()
            upsert_flag(campaign_id, "ip_concentration", f"ip:{campaign_id}:{ip}:{day}",
                        {"ip": ip, "day": day.isoformat(), "accounts": accounts, "likes": likes,
                         "threshold": config["LIKE_FLAG_IP_ACCOUNTS"], "user_ids": sorted(users)},
                        ip=ip, day=day)
    if nomination_ids:
        young = LikeRecord.account_age_seconds < config["LIKE_FLAG_YOUNG_HOURS"] * 3600
        rows = db.session.execute(
            sa.select(LikeRecord.nomination_id, LikeRecord.day, sa.func.count(LikeRecord.id),
                      sa.func.sum(sa.case((young, 1), else_=0)))
            .where(live, LikeRecord.nomination_id.in_(nomination_ids))
            .group_by(LikeRecord.nomination_id, LikeRecord.day)).all()
        for nomination_id, day, likes, young_likes in rows:
            young_likes = int(young_likes or 0)
            if young_likes >= config["LIKE_FLAG_YOUNG_LIKES"] and young_likes * 2 >= likes:
                upsert_flag(campaign_id, "young_accounts", f"young:{campaign_id}:{nomination_id}:{day}",
                            {"day": day.isoformat(), "likes": likes, "young_likes": young_likes,
                             "young_hours": config["LIKE_FLAG_YOUNG_HOURS"]},
                            nomination_id=nomination_id, day=day)
