"""The figures of the organizers' dashboard, all read from the database (likes from Redis)."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import CHANNEL_LABELS, STATUS_LABELS, Campaign, Lead, LikeRecord, Nomination, OrganizationKind
from app.services.campaigns import stages
from app.services.likes import counts as like_counts
from app.services.organizations import admin
from app.services.review import queue as review_queue


def _counts(campaign: Campaign, column) -> dict:
    rows = db.session.execute(sa.select(column, sa.func.count(Nomination.id))
                              .where(Nomination.campaign_id == campaign.id).group_by(column))
    return dict(rows.all())


def nominations_by_status(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status that has nominations, drafts last."""
    counts = _counts(campaign, Nomination.status)
    order = [s for s in STATUS_LABELS if s != "draft"] + ["draft"]
    return [(s, STATUS_LABELS[s], counts[s]) for s in order if counts.get(s)] + \
        [(s, s, n) for s, n in counts.items() if s not in STATUS_LABELS]


def nominations_by_channel(campaign: Campaign) -> list[tuple[str, str, int]]:
    counts = _counts(campaign, Nomination.channel)
    return [(c.value, label, counts.get(c, 0)) for c, label in CHANNEL_LABELS.items()]


def nominations_by_district(campaign: Campaign) -> list[tuple[str, int]]:
    counts = _counts(campaign, Nomination.district)
    return sorted(((d or "未填写", n) for d, n in counts.items()), key=lambda row: -row[1])


def quota_use(campaign: Campaign) -> list[admin.OrganizationRow]:
    """Unions and associations with their quota and how much of it is used, fullest first."""
    rows = [row for row in admin.list_organizations(campaign)
            if row.organization.kind != OrganizationKind.employer]
    return sorted(rows, key=lambda row: (-(row.used / row.quota if row.quota else 0), row.organization.id))


def top_liked(campaign: Campaign, limit: int = 10) -> list[tuple[str, int]]:
    ranked = like_counts.ranked_nomination_ids(campaign.id, 0, limit)
    names = dict(db.session.execute(sa.select(Nomination.id, Nomination.name)
                                    .where(Nomination.id.in_([nid for nid, _ in ranked]))).all())
    return [(names.get(nid, f"#{nid}"), likes) for nid, likes in ranked]


def likes_per_day(campaign: Campaign) -> list[tuple[str, int]]:
    """Likes recorded in the ledger per day (China time), voided likes left out: the trend over the campaign."""
    rows = db.session.execute(sa.select(LikeRecord.day, sa.func.count(LikeRecord.id))
                              .where(LikeRecord.campaign_id == campaign.id, LikeRecord.void_id.is_(None))
                              .group_by(LikeRecord.day).order_by(LikeRecord.day))
    return [(day.isoformat(), count) for day, count in rows.all()]


def summary(campaign: Campaign) -> dict:
    by_status = nominations_by_status(campaign)
    total = sum(n for _, _, n in by_status)
    drafts = sum(n for s, _, n in by_status if s == "draft")
    counts = dict((s, n) for s, _, n in by_status)
    return {
        "stage": stages.stage_state(campaign),
        "open": stages.open_flags(campaign),
        "total": total,
        "submitted": total - drafts - counts.get("withdrawn", 0),
        "drafts": drafts,
        "awaiting_endorsement": counts.get("awaiting_endorsement", 0),
        "finalists": sum(counts.get(s, 0) for s in ("finalist", "top_winner", "winner", "not_selected", "disqualified")),
        "not_shortlisted": counts.get("not_shortlisted", 0),
        "new_leads": db.session.scalar(sa.select(sa.func.count(Lead.id))
                                       .where(Lead.campaign_id == campaign.id, Lead.status == "new")),
        "review": review_queue.state_counts(campaign),
        "by_status": by_status,
        "by_channel": nominations_by_channel(campaign),
        "by_district": nominations_by_district(campaign),
        "quota_use": quota_use(campaign),
        "top_liked": top_liked(campaign),
        "likes_per_day": likes_per_day(campaign),
    }
