"""How far a broadcast has gone: counts per channel from its delivery rows, and the final report.

The rows are the truth (one per recipient and channel): the counts are read from them, never kept
beside them, so a worker killed mid-send cannot leave the figures wrong.
"""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Broadcast, Notification
from app.services.broadcasts import audiences

SENT_STATUSES = ("delivered", "sent")
# The outbox's column for why a row was skipped or failed: a WeChat error code once the WeChat
# channels record it apart, else the last error's text.
REASON_COLUMN = getattr(Notification, "error_code", Notification.last_error)
MASS_LABELS = {"pending": "待提交", "submitted": "已提交微信群发", "failed": "群发失败", "retry": "稍后重试"}


def _bucket(status: str) -> str:
    if status in SENT_STATUSES:
        return "sent"
    if status in ("skipped", "failed"):
        return status
    return "pending"


def channel_counts(broadcast: Broadcast) -> dict[str, dict]:
    """channel → {"written", "sent", "pending", "skipped": {reason: n}, "failed": {code: n}}."""
    result = {channel: {"written": 0, "sent": 0, "pending": 0, "skipped": {}, "failed": {}}
              for channel in broadcast.channels if channel != "mass"}
    rows = db.session.execute(
        sa.select(Notification.channel, Notification.status, REASON_COLUMN, sa.func.count())
        .where(Notification.broadcast_id == broadcast.id)
        .group_by(Notification.channel, Notification.status, REASON_COLUMN)).all()
    for channel, status, reason, count in rows:
        entry = result.setdefault(channel, {"written": 0, "sent": 0, "pending": 0, "skipped": {}, "failed": {}})
        entry["written"] += count
        bucket = _bucket(status)
        if bucket in ("skipped", "failed"):
            key = str(reason or "未知原因")[:60]
            entry[bucket][key] = entry[bucket].get(key, 0) + count
        else:
            entry[bucket] += count
    return result


def snapshot(broadcast: Broadcast) -> dict:
    """What the console's progress bar shows: per channel done out of expected, and overall."""
    channels = channel_counts(broadcast)
    expected = max(broadcast.recipient_count, max((c["written"] for c in channels.values()), default=0))
    overall_done = overall_total = 0
    for entry in channels.values():
        entry["skipped_total"] = sum(entry["skipped"].values())
        entry["failed_total"] = sum(entry["failed"].values())
        entry["done"] = entry["sent"] + entry["skipped_total"] + entry["failed_total"]
        entry["expected"] = expected
        entry["percent"] = round(100 * entry["done"] / expected) if expected else 100
        overall_done += entry["done"]
        overall_total += expected
    mass = dict(broadcast.mass or {})
    if mass:
        mass["label"] = MASS_LABELS.get(mass.get("status"), mass.get("status"))
    finished = broadcast.state == "sent" and not any(c["pending"] for c in channels.values())
    return {"state": broadcast.state, "channels": channels, "expected": expected, "mass": mass or None,
            "done": overall_done, "total": overall_total, "finished": finished,
            "percent": round(100 * overall_done / overall_total) if overall_total else (100 if finished else 0),
            "audience": audiences.describe(broadcast.audience)}


def final_report(broadcast: Broadcast) -> dict:
    """The report kept on the broadcast when its fan-out is done (the console keeps reading live rows)."""
    channels = channel_counts(broadcast)
    return {"recipients": broadcast.recipient_count,
            "channels": {name: {"sent": c["sent"], "pending": c["pending"], "skipped": c["skipped"],
                                "failed": c["failed"]} for name, c in channels.items()},
            "mass": dict(broadcast.mass) if broadcast.mass else None}


def for_console(page: int = 1, per_page: int = 20) -> tuple[list[Broadcast], int]:
    """Every broadcast, newest first, with the total (the console's list)."""
    total = db.session.scalar(sa.select(sa.func.count(Broadcast.id)))
    items = list(db.session.scalars(sa.select(Broadcast).order_by(Broadcast.id.desc())
                                    .offset((page - 1) * per_page).limit(per_page)))
    return items, total
