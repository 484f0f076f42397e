"""Objections (异议) to the published results: real-name, within the window, limited per person per day, never public."""
from __future__ import annotations

import hashlib
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from app.extensions import db
from app.models import OBJECTION_RELATIONS, Campaign, Objection, ObjectionFile, ResultEntry, User
from app.redis_store import get_redis
from app.services import audit, content_check
from app.services.campaigns import stages
from app.services.errors import DomainError, not_found
from app.services.materials import uploads
from app.services.materials.storage import get_storage
from app.services.notifications.outbox import notify
from app.services.results import notice as notices

MOBILE = re.compile(r"1[3-9]\d{9}")
CONTENT_MIN, CONTENT_MAX = 10, 2000
EVIDENCE_MAX = 6
FILE_KIND = "objection_file"  # photos or PDF, checked as materials are (materials/uploads.inspect)
LABELS = {"real_name": "真实姓名", "content": "异议内容"}


def _invalid(fields: dict[str, str]) -> DomainError:
    return DomainError("validation_error", "提交的内容有误，请按提示修改", 400, details={"fields": fields})


def require_window_open(campaign: Campaign, now: datetime | None = None) -> None:
    win = notices.window(campaign, now=now)
    if win.state == "open":
        # The stage's 开放公示异议 switch lets organizers pause objections (e.g. while a system fault is fixed).
        if not stages.is_open(campaign, "objections", now):
            raise DomainError("objections_paused", "公示异议受理暂停，请稍后再提交或联系市总工会", 409)
        return
    if win.state == "closed":
        raise DomainError("notice_closed", f"公示期已于{win.ends_on:%Y年%m月%d日}结束，不再受理异议", 409)
    raise DomainError("notice_not_open", "评选结果尚未公示，暂不受理异议", 409)


def _validated(data: dict, campaign: Campaign) -> dict:
    fields = {}
    real_name = (data.get("real_name") or "").strip()
    mobile = (data.get("mobile") or "").strip()
    relation = (data.get("relation") or "").strip()
    content = (data.get("content") or "").strip()
    if not 2 <= len(real_name) <= 40:
        fields["real_name"] = "请填写真实姓名（2至40个字）"
    if not MOBILE.fullmatch(mobile):
        fields["mobile"] = "请填写11位手机号码"
    if relation not in OBJECTION_RELATIONS:
        fields["relation"] = "请选择与被公示人的关系"
    if not CONTENT_MIN <= len(content) <= CONTENT_MAX:
        fields["content"] = f"请写明异议的事实和理由（{CONTENT_MIN}至{CONTENT_MAX}字）"
    entry = db.session.scalars(sa.select(ResultEntry).where(
        ResultEntry.campaign_id == campaign.id, ResultEntry.nomination_id == data.get("nomination_id"))).first()
    if entry is None or entry.group == "not_selected" or entry.disqualified_at is not None:
        fields["nomination_id"] = "请选择公示名单中的人员"
    if fields:
        raise _invalid(fields)
    return {"real_name": real_name, "mobile": mobile, "relation": relation, "content": content,
            "nomination_id": entry.nomination_id}


def _seconds_to_midnight(campaign: Campaign) -> int:
    zone = ZoneInfo(campaign.timezone)
    now = datetime.now(zone)
    return max(int((datetime.combine(now.date() + timedelta(days=1), time(), zone) - now).total_seconds()), 1)


def create(user: User, data: dict, now: datetime | None = None) -> Objection:
    """File a real-name objection; refused outside the window, over the daily limit, or with unfit content."""
    campaign = stages.current_campaign()
    require_window_open(campaign, now)
    cleaned = _validated(data, campaign)
    content_check.require_clean({"real_name": cleaned["real_name"], "content": cleaned["content"]}, LABELS)
    # The daily limit is counted atomically in Redis (as leads are); a refused or failed attempt gives its slot back.
    key = f"objections:{campaign.id}:{user.id}:{stages.local_today(campaign, now):%Y%m%d}"
    redis = get_redis()
    count = redis.incr(key)
    redis.expire(key, 2 * 24 * 3600)
    limit = current_app.config["OBJECTIONS_PER_USER_PER_DAY"]
    if count > limit:
        redis.decr(key)
        raise DomainError("too_many_objections", f"每人每天最多提交{limit}条异议，请明天再来", 429,
                          retry_after=_seconds_to_midnight(campaign))
    objection = Objection(campaign_id=campaign.id, user_id=user.id, status="received", **cleaned)
    try:
        db.session.add(objection)
        db.session.flush()
        audit.record("objection.create", "objection", objection.id, actor=user,
                     data={"nomination_id": objection.nomination_id, "relation": objection.relation})
        notify("objection_received", [user], {"objection_id": objection.id})
        db.session.commit()
    except Exception:
        db.session.rollback()
        redis.decr(key)
        raise
    return objection


def store_files(objection: Objection, role: str, uploader: User,
                files: list[tuple[str | None, bytes]]) -> list[ObjectionFile]:
    """Check every file first, then store them on the objection; the caller audits and commits (commit_files)."""
    checked = [(name, uploads.inspect(FILE_KIND, data)) for name, data in files if data]
    rows = []
    for name, item in checked:
        key = get_storage().put(item.data, item.suffix)
        row = ObjectionFile(role=role, content_type=item.content_type, size=len(item.data), width=item.width,
                            height=item.height, sha256=hashlib.sha256(item.data).hexdigest(), storage_key=key,
                            original_name=(name or "")[:200] or None, uploaded_by_id=uploader.id)
        objection.files.append(row)
        rows.append(row)
    return rows


def commit_files(rows: list[ObjectionFile]) -> None:
    try:
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for row in rows:
            get_storage().delete(row.storage_key)
        raise


def attach_evidence(user: User, objection_id: int, name: str | None, data: bytes,
                    now: datetime | None = None) -> ObjectionFile:
    """The objector adds an evidence photo or PDF to their own objection while the window is open."""
    objection = db.session.get(Objection, objection_id)
    if objection is None or objection.user_id != user.id:
        raise not_found("异议")
    require_window_open(db.session.get(Campaign, objection.campaign_id), now)
    if sum(1 for f in objection.files if f.role == "evidence") >= EVIDENCE_MAX:
        raise DomainError("too_many_files", f"每条异议最多附{EVIDENCE_MAX}个证明材料", 409)
    if not data:
        raise _invalid({"file": "请选择要上传的文件"})
    rows = store_files(objection, "evidence", user, [(name, data)])
    db.session.flush()
    audit.record("objection.evidence_added", "objection", objection.id, actor=user, data={"file_id": rows[0].id})
    commit_files(rows)
    return rows[0]


def mine(user: User) -> list[Objection]:
    return list(db.session.scalars(sa.select(Objection).where(Objection.user_id == user.id)
                                   .order_by(Objection.id.desc())))


def queue(campaign: Campaign, status: str | None = None) -> list[Objection]:
    query = sa.select(Objection).where(Objection.campaign_id == campaign.id)
    if status:
        query = query.where(Objection.status == status)
    return list(db.session.scalars(query.order_by(Objection.id)))
