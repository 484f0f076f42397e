"""Who a broadcast goes to: an audience spec checked, described, counted and read in user-id order.

A spec is a small dict: {"kind": ...} plus what the kind needs ("status" for nominees in a state,
"org_kind" for organization representatives, "tag_id" for an official-account tag). Per-user audiences
resolve to user ids (one notification row each); the official account's audiences go out as one mass
send, and WeChat decides who its followers are.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from app.extensions import db
from app.models import (KIND_LABELS, STATUS_LABELS, Campaign, Membership, Nomination, Organization, OrganizationKind,
                        PanelMember, User)
from app.services.errors import DomainError

AUDIENCE_LABELS = {
    "all_users": "全部小程序用户",
    "nominees": "某一状态的被推荐人",
    "finalists": "入围对象",
    "winners": "当选者（港城十大工匠、港城工匠）",
    "representatives": "某类组织的代表",
    "experts": "评议专家",
    "mp_followers": "公众号全部关注者（群发）",
    "mp_tag": "公众号某一标签的关注者（群发）",
}
MASS_KINDS = ("mp_followers", "mp_tag")
FINALIST_STATUSES = ("finalist", "top_winner", "winner", "not_selected")
WINNER_STATUSES = ("top_winner", "winner")
TAG_ID_MAX = 2**31 - 1


def _invalid(field: str, message: str) -> DomainError:
    return DomainError("validation_error", "收件人范围填写有误", 400, details={"fields": {field: message}})


def clean(raw: dict | None) -> dict:
    """The spec as stored: only the keys its kind needs, each checked; a Chinese 400 otherwise."""
    raw = raw or {}
    kind = str(raw.get("kind") or "").strip()
    if kind not in AUDIENCE_LABELS:
        raise _invalid("audience", "请选择收件人范围")
    spec: dict = {"kind": kind}
    if kind == "nominees":
        status = str(raw.get("status") or "").strip()
        if status not in STATUS_LABELS or status == "draft":
            raise _invalid("status", "请选择被推荐人的状态")
        spec["status"] = status
    elif kind == "representatives":
        org_kind = str(raw.get("org_kind") or "").strip()
        if org_kind not in {k.value for k in OrganizationKind}:
            raise _invalid("org_kind", "请选择组织类别")
        spec["org_kind"] = org_kind
    elif kind == "mp_tag":
        text = str(raw.get("tag_id") if raw.get("tag_id") is not None else "").strip()
        if not (text.isascii() and text.isdigit() and 0 < int(text) <= TAG_ID_MAX):
            raise _invalid("tag_id", "请填写公众号标签编号（正整数，可在公众号后台“用户管理—标签”中查看）")
        spec["tag_id"] = int(text)
    return spec


def is_mass(spec: dict) -> bool:
    return spec.get("kind") in MASS_KINDS


def describe(spec: dict) -> str:
    """The audience in words, for the console and the audit log."""
    kind = spec.get("kind")
    label = AUDIENCE_LABELS.get(kind, "未知范围")
    if kind == "nominees":
        return f"状态为“{STATUS_LABELS.get(spec.get('status'), spec.get('status'))}”的被推荐人"
    if kind == "representatives":
        return f"{KIND_LABELS.get(OrganizationKind(spec['org_kind']), spec['org_kind'])}的代表"
    if kind == "mp_tag":
        return f"公众号标签 {spec.get('tag_id')} 的关注者（群发）"
    return label


def _user_ids(spec: dict, campaign_id: int | None):
    """A select of the audience's user ids (one column named user_id, possibly repeated)."""
    kind = spec["kind"]
    if kind == "all_users":
        return sa.select(User.id.label("user_id")).where(User.openid.is_not(None), User.disabled_at.is_(None))
    if kind in ("nominees", "finalists", "winners"):
        statuses = {"nominees": (spec.get("status"),), "finalists": FINALIST_STATUSES,
                    "winners": WINNER_STATUSES}[kind]
        return sa.select(Nomination.nominee_user_id.label("user_id")).where(
            Nomination.campaign_id == campaign_id, Nomination.status.in_(statuses),
            Nomination.nominee_user_id.is_not(None))
    if kind == "representatives":
        return (sa.select(Membership.user_id.label("user_id"))
                .join(Organization, Organization.id == Membership.organization_id)
                .where(Organization.kind == OrganizationKind(spec["org_kind"]), Membership.verified.is_(True),
                       Membership.revoked_at.is_(None)))
    if kind == "experts":
        return sa.select(PanelMember.user_id.label("user_id")).where(PanelMember.campaign_id == campaign_id)
    raise ValueError(f"audience {kind!r} has no per-user recipients")


def count(spec: dict, campaign: Campaign | None) -> int | None:
    """How many people the audience holds now; None for a mass send (WeChat counts its followers)."""
    if is_mass(spec):
        return None
    ids = _user_ids(spec, campaign.id if campaign else None).subquery()
    return db.session.scalar(sa.select(sa.func.count(sa.distinct(ids.c.user_id))))


def next_batch(spec: dict, campaign_id: int | None, after: int, size: int) -> list[int]:
    """The next `size` distinct recipients with an id above `after`, in id order (the fan-out's cursor)."""
    ids = _user_ids(spec, campaign_id).subquery()
    return list(db.session.scalars(sa.select(ids.c.user_id).where(ids.c.user_id > after).distinct()
                                   .order_by(ids.c.user_id).limit(size)))


def choices() -> dict[str, Iterable]:
    """What the console's form offers."""
    return {"kinds": AUDIENCE_LABELS, "statuses": {k: v for k, v in STATUS_LABELS.items() if k != "draft"},
            "org_kinds": {k.value: label for k, label in KIND_LABELS.items()}}
