"""评议组 (organizers): members and assignments, the scoring round, progress with reminders, and the ranking
with its tie decisions and confirmation — every rule lives in services/panel."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from app import bounds
from app.console.blueprint import bp
from app.console.exports import attachment
from app.console.session import current_user, requires
from app.extensions import db
from app.models import CONFLICT_KINDS, CRITERIA, DECISION_KINDS, MEMBER_KINDS
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.panel import decisions, export, formation, progress, ranking, rounds


def _flash_error(exc: DomainError) -> None:
    db.session.rollback()
    fields = (exc.details or {}).get("fields") or {}
    flash(exc.message + ("：" + "；".join(fields.values()) if fields else ""), "error")


@bp.get("/panel")
@requires("panel.manage")
def panel_page():
    campaign = stages.current_campaign()
    current = rounds.open_round(campaign) or (rounds.rounds(campaign) or [None])[-1]
    return render_template(
        "console/panel.html", campaign=campaign, members=formation.members(campaign),
        available=formation.experts_available(campaign), finalists=formation.finalists(campaign),
        assignments=formation.assignments(campaign), kinds=MEMBER_KINDS, all_rounds=rounds.rounds(campaign),
        round=current, open_round=rounds.open_round(campaign), round_name=rounds.round_name,
        scoring_switch=stages.is_open(campaign, "scoring"),
        per_member=progress.per_member(campaign, current) if current else [],
        per_finalist=progress.per_finalist(campaign, current) if current else [])


def _back(anchor: str | None = None):
    return redirect(url_for("console.panel_page", _anchor=anchor))


@bp.post("/panel/members")
@requires("panel.manage")
def panel_add_member():
    form = request.form
    try:
        formation.add_member(current_user(), stages.current_campaign(), bounds.id_or_none(form.get("user_id")) or 0,
                             unit=form.get("unit", ""), kind=form.get("kind", ""), is_chair=bool(form.get("is_chair")))
        flash("已加入评议组，并分配了全部入围对象", "info")
    except DomainError as exc:
        if exc.status == 403:
            raise
        _flash_error(exc)
    return _back("members")


@bp.post("/panel/members/<int:member_id>/chair")
@requires("panel.manage")
def panel_set_chair(member_id: int):
    formation.set_chair(current_user(), stages.current_campaign(), member_id)
    flash("已指定评议组组长", "info")
    return _back("members")


@bp.post("/panel/members/<int:member_id>/remove")
@requires("panel.manage")
def panel_remove_member(member_id: int):
    formation.remove_member(current_user(), stages.current_campaign(), member_id)
    flash("已移出评议组", "info")
    return _back("members")


@bp.post("/panel/assign-all")
@requires("panel.manage")
def panel_assign_all():
    added = formation.assign_all(current_user(), stages.current_campaign())
    flash(f"已将全部入围对象分配给每位成员（新增 {added} 项）", "info")
    return _back("assignments")


@bp.post("/panel/assignments")
@requires("panel.manage")
def panel_assignment():
    form = request.form
    formation.set_assignment(current_user(), stages.current_campaign(), bounds.id_or_none(form.get("member_id")) or 0,
                             bounds.id_or_none(form.get("nomination_id")) or 0, form.get("assigned") == "1")
    return _back("assignments")


@bp.post("/panel/rounds/open")
@requires("panel.manage")
def panel_open_round():
    opened = rounds.open_main(current_user(), stages.current_campaign())
    flash(f"{rounds.round_name(opened)}已开始，已通知评议组成员", "info")
    return _back("round")


@bp.post("/panel/rounds/close")
@requires("panel.manage")
def panel_close_round():
    closed = rounds.close(current_user(), stages.current_campaign())
    flash(f"{rounds.round_name(closed)}已结束，专家不能再修改评分", "info")
    return _back("round")


@bp.post("/panel/remind")
@requires("panel.manage")
def panel_remind():
    count = progress.remind(current_user(), stages.current_campaign())
    flash(f"已提醒 {count} 位尚未完成评分的专家" if count else "每位专家都已提交，无需提醒", "info")
    return _back("progress")


@bp.get("/panel/ranking")
@requires("panel.manage")
def panel_ranking():
    campaign = stages.current_campaign()
    result = ranking.compute(campaign)
    members = formation.members(campaign)
    return render_template("console/panel_ranking.html", campaign=campaign, result=result, members=members,
                           chair=formation.chair(campaign), open_round=rounds.open_round(campaign),
                           confirmed=decisions.confirmed(campaign), problems=result.problems(),
                           decisions=decisions.history(campaign), decision_kinds=DECISION_KINDS,
                           criteria=CRITERIA, conflicts=CONFLICT_KINDS)


@bp.post("/panel/ties/<int:boundary>/chair")
@requires("panel.manage")
def panel_tie_chair(boundary: int):
    # One 名次 field per tied finalist (rank_<id>); anything but the places 1…k in some order is refused below.
    ranks = {}
    for key, value in request.form.items():
        if key.startswith("rank_") and bounds.id_or_none(key[5:]) and bounds.id_or_none(value):
            ranks[int(key[5:])] = int(value)
    order = sorted(ranks, key=ranks.get) if sorted(ranks.values()) == list(range(1, len(ranks) + 1)) else []
    try:
        decisions.chair_order(current_user(), stages.current_campaign(), boundary, order, request.form.get("reason", ""))
        flash("已记录评议组组长的裁定", "info")
    except DomainError as exc:
        if exc.status == 403:
            raise
        _flash_error(exc)
    return redirect(url_for("console.panel_ranking"))


@bp.post("/panel/ties/<int:boundary>/round")
@requires("panel.manage")
def panel_tie_round(boundary: int):
    opened = decisions.open_tiebreak(current_user(), stages.current_campaign(), boundary)
    flash(f"{rounds.round_name(opened)}已开始：评议组成员为并列的 {len(opened.nomination_ids)} 人重新评分", "info")
    return redirect(url_for("console.panel_ranking"))


@bp.post("/panel/ranking/confirm")
@requires("panel.manage")
def panel_confirm():
    confirmed = decisions.confirm(current_user(), stages.current_campaign())
    flash(f"评议排名已确认：共 {len(confirmed.nomination_ids)} 人", "info")
    return redirect(url_for("console.panel_ranking"))


@bp.get("/panel/ranking.xlsx")
@requires("panel.manage")
def panel_ranking_export():
    name, data = export.build(current_user(), stages.current_campaign())
    return attachment(data, name, export.XLSX, "ranking.xlsx")
