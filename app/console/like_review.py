"""点赞监测: fraud flags with their evidence, held nominees, voiding likes — the rules live in the services."""
from __future__ import annotations

import ipaddress
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for

from app import bounds
from app.console.blueprint import bp
from app.console.session import current_user, page_arg, requires
from app.extensions import db
from app.models import Nomination, User
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.likes import counts, review
from app.services.likes import voids as like_voids

PER_PAGE = 50
FLAG_KINDS = {"velocity": "点赞增速过快", "ip_concentration": "同一IP多账号", "young_accounts": "新注册账号集中点赞",
              "risk_rank": "微信风险账号"}
FLAG_STATUSES = {"open": "待处理", **review.REVIEW_STATUSES}
VOID_FIELDS = ("user_ids", "ips", "since", "until", "nomination_ids", "reason")
# How many accounts a flag's evidence lists (services/likes/fraud.py keeps at most this many ids).
EVIDENCE_IDS = 50
SEPARATORS = re.compile(r"[\s,，、;；]+")


class FormError(ValueError):
    """What the organizer typed cannot be read; the message says which field, in Chinese."""


def _ids(text: str, label: str) -> list[int]:
    parts = [p for p in SEPARATORS.split(text or "") if p]
    ids = [bounds.id_or_none(p) for p in parts]  # ASCII digits within what the database holds
    if None in ids:
        raise FormError(f"{label}应为数字编号，多个用逗号或空格分隔")
    return sorted(set(ids))


def _ips(text: str) -> list[str]:
    try:
        return sorted({str(ipaddress.ip_address(p)) for p in SEPARATORS.split(text or "") if p})
    except ValueError as exc:
        raise FormError("IP 地址格式不正确，多个用逗号或空格分隔") from exc


def _local_time(text: str, zone: ZoneInfo, label: str) -> datetime | None:
    """A datetime-local field, read in the campaign's time zone (China time)."""
    if not (text or "").strip():
        return None
    try:
        return datetime.fromisoformat(text.strip()).replace(tzinfo=zone)
    except ValueError as exc:
        raise FormError(f"{label}格式应为 年-月-日 时:分") from exc


def _nominees(ids) -> dict[int, Nomination]:
    ids = {int(i) for i in ids if i is not None}
    if not ids:
        return {}
    return {n.id: n for n in db.session.scalars(sa.select(Nomination).where(Nomination.id.in_(ids)))}


@bp.app_template_filter("fromiso")
def from_iso(value: str) -> datetime:
    return datetime.fromisoformat(value)


@bp.app_template_global("flag_day_window")
def flag_day_window(day: str) -> dict:
    """The flag's day as the void form's window: that day from 00:00 to the next day's 00:00 (China time)."""
    start = date.fromisoformat(day)
    return {"since": f"{start:%Y-%m-%d}T00:00", "until": f"{start + timedelta(days=1):%Y-%m-%d}T00:00"}


def _nicknames(flags) -> dict[int, str]:
    ids = {int(i) for f in flags for i in (f.evidence or {}).get("user_ids", [])} | {f.user_id for f in flags if f.user_id}
    if not ids:
        return {}
    return {u.id: u.nickname for u in db.session.scalars(sa.select(User).where(User.id.in_(ids))) if u.nickname}


def _render(void_form: dict | None = None, void_error: str | None = None, status_code: int = 200,
            preview: dict | None = None):
    campaign = stages.current_campaign()
    status = request.args.get("status", "open")
    status = status if status in FLAG_STATUSES else None  # "all" (or anything unknown) lists every status
    kind = request.args.get("kind") if request.args.get("kind") in FLAG_KINDS else None
    page = page_arg()
    flags, total = review.list_flags(campaign.id, status=status, kind=kind, page=page, per_page=PER_PAGE)
    holds = review.active_holds(campaign.id)
    voids, voids_total = like_voids.list_voids(campaign.id, page=1, per_page=20)
    names = _nominees([f.nomination_id for f in flags] + [h.nomination_id for h in holds]
                      + [int(k) for v in voids for k in (v.per_nomination or {})] + list((preview or {}).get("per", {})))
    actor_ids = {v.actor_user_id for v in voids if v.actor_user_id}
    actors = {u.id: u.display_name for u in db.session.scalars(sa.select(User).where(User.id.in_(actor_ids)))}
    held_counts = counts.like_counts(campaign.id, sorted({h.nomination_id for h in holds}))
    if void_form is None:  # a flag's "void these likes" link fills the form in
        void_form = {name: request.args.get(name, "") for name in VOID_FIELDS}
    context = dict(campaign=campaign, flags=flags, total=total, page=page, per_page=PER_PAGE, status=status,
                   kind=kind, kinds=FLAG_KINDS, statuses=FLAG_STATUSES, holds=holds, held_counts=held_counts,
                   voids=voids, actors=actors, voids_total=voids_total, names=names, void_form=void_form,
                   void_error=void_error, preview=preview, nicknames=_nicknames(flags), evidence_ids=EVIDENCE_IDS)
    if request.headers.get("HX-Request") and request.method == "GET":
        return render_template("console/_like_flags.html", **context)
    return render_template("console/like_review.html", **context), status_code


@bp.get("/likes")
@requires("likes.review")
def like_review():
    return _render()


@bp.post("/likes/flags/<int:flag_id>/review")
@requires("likes.review")
def like_flag_review(flag_id: int):
    flag = review.review_flag(flag_id, request.form.get("status", ""), note=request.form.get("note", ""),
                                  actor=current_user())
    flash(f"风险标记 #{flag.id} 已标记为{review.REVIEW_STATUSES[flag.status]}", "info")
    return redirect(request.referrer or url_for("console.like_review"))


@bp.post("/likes/holds/<int:nomination_id>/release")
@requires("likes.review")
def like_hold_release(nomination_id: int):
    review.release_hold(nomination_id, reason=request.form.get("reason", ""), actor=current_user())
    flash("已解除暂停，该推荐对象可以继续接受点赞", "info")
    return redirect(url_for("console.like_review"))


def _criteria(form: dict, zone: ZoneInfo) -> dict:
    return {"user_ids": _ids(form["user_ids"], "用户编号"), "ips": _ips(form["ips"]),
            "since": _local_time(form["since"], zone, "开始时间"), "until": _local_time(form["until"], zone, "结束时间"),
            "nomination_ids": _ids(form["nomination_ids"], "推荐对象编号")}


def _preview(campaign, form: dict, criteria: dict, error: str | None = None, status_code: int = 200):
    """The confirmation step: exactly how many likes the void would take away, from whom (a dry run)."""
    per = like_voids.preview_void(campaign, **criteria)
    if not per:
        return _render(form, "没有符合条件的点赞，无需作废", 409)
    return _render(form, error, status_code, preview={"total": sum(per.values()), "per": per})


@bp.post("/likes/voids")
@requires("likes.review")
def like_void():
    """Two steps: the form asks for a preview with the exact count; only the confirmation voids."""
    form = {name: (request.form.get(name) or "").strip() for name in VOID_FIELDS}
    campaign = stages.current_campaign()
    zone = ZoneInfo(campaign.timezone)
    expected = bounds.id_or_none(request.form.get("expected"))
    try:
        criteria = _criteria(form, zone)
        if not form["reason"]:
            raise FormError("请填写作废原因")
        if request.form.get("confirmed") != "1" or expected is None:
            return _preview(campaign, form, criteria)
        void = like_voids.void_likes(campaign, reason=form["reason"], actor=current_user(), expected=expected,
                                     **criteria)
    except FormError as exc:
        return _render(form, str(exc), 400)
    except DomainError as exc:
        db.session.rollback()
        if exc.code == "void_count_changed":
            return _preview(campaign, form, criteria, exc.message, 409)
        return _render(form, exc.message, exc.status)
    flash(f"已作废 {void.voided_count} 个点赞，涉及 {len(void.per_nomination)} 位推荐对象，点赞数已重新计算", "info")
    return redirect(url_for("console.like_review"))
