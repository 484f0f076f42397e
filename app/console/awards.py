"""表彰奖励 and 荣誉榜: each winner's medal check and items, certificates, the finance workbook, the roll's
import, and next year's campaign."""
from __future__ import annotations

import io
from datetime import date

from flask import flash, redirect, render_template, request, send_file, url_for

from app import bounds
from app.console.blueprint import bp
from app.console.session import current_user, requires
from app.extensions import db
from app.models import AWARD_ITEMS, ITEM_STATES, MEDAL_CHECKS
from app.services import audit
from app.services.awards import certificates, finance, honour_roll, records
from app.services.awards.records import ITEM_FLOW
from app.services.campaigns import next_year, stages
from app.services.errors import DomainError
from app.services.results import finality

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def _done(action, success: str, endpoint: str = "console.awards_page"):
    """Run a service action; commit and say so, or roll back and show its Chinese refusal."""
    try:
        action()
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for(endpoint))
    db.session.commit()
    flash(success, "info")
    return redirect(url_for(endpoint))


@bp.get("/awards")
@requires("awards.manage")
def awards_page():
    campaign = stages.current_campaign()
    awards = records.for_campaign(campaign)
    pending = len(records.winners(campaign)) - len(awards)
    return render_template("console/awards.html", campaign=campaign, awards=awards, pending=pending,
                           items=AWARD_ITEMS, states=ITEM_STATES, medal_checks=MEDAL_CHECKS, flow=ITEM_FLOW,
                           current=certificates.current, today=stages.local_today(campaign),
                           total=sum(a.prize_yuan for a in awards),
                           waiting_for=finality.problems(campaign) if pending else [])


@bp.post("/awards/record")
@requires("awards.manage")
def awards_record():
    campaign, made = stages.current_campaign(), []
    return _done(lambda: made.extend(records.record_awards(campaign, actor=current_user())),
                 "已登记当选者的表彰奖励，并列入荣誉榜")


@bp.post("/awards/<int:award_id>/medal")
@requires("awards.manage")
def award_medal(award_id):
    return _done(lambda: records.set_medal_check(
        records.get(award_id), request.form.get("result", ""), _day(request.form.get("on")),
        request.form.get("note", ""), actor=current_user()), "已记录奖章审核结果")


@bp.post("/awards/<int:award_id>/item")
@requires("awards.manage")
def award_item(award_id):
    return _done(lambda: records.set_item_state(
        records.get(award_id), request.form.get("item", ""), request.form.get("state", ""),
        _day(request.form.get("on")), actor=current_user()), "已更新")


@bp.post("/awards/<int:award_id>/certificate")
@requires("awards.manage")
def award_certificate_issue(award_id):
    return _done(lambda: certificates.issue(records.get(award_id), actor=current_user()), "已颁发电子证书")


@bp.post("/awards/certificates")
@requires("awards.manage")
def award_certificates_issue_all():
    campaign = stages.current_campaign()
    counted = []
    result = _done(lambda: counted.append(certificates.issue_all(campaign, records.for_campaign(campaign),
                                                                 actor=current_user())), "已批量颁发电子证书")
    return result


@bp.get("/certificates/<string(maxlength=60):serial>.png")
@requires("awards.manage")
def certificate_png(serial):
    try:
        certificate = certificates.find(serial)
    except DomainError:
        return render_template("console/error.html", title="未找到", message="没有这个编号的证书。"), 404
    return send_file(io.BytesIO(certificates.image(certificate)), mimetype="image/png", as_attachment=True,
                     download_name=f"{certificate.serial}.png")


@bp.post("/certificates/<string(maxlength=60):serial>/revoke")
@requires("awards.manage")
def certificate_revoke(serial):
    return _done(lambda: certificates.revoke(serial, request.form.get("reason", ""), actor=current_user()),
                 "已撤销证书，查验页面将显示“已撤销”")


@bp.get("/awards/finance.xlsx")
@requires("awards.manage")
def awards_finance():
    campaign = stages.current_campaign()
    data = finance.workbook(campaign)
    audit.record("award.finance_exported", "campaign", campaign.id, actor=current_user(),
                 data={"year": campaign.year, "count": len(records.for_campaign(campaign))})
    db.session.commit()
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=f"{campaign.year}年度表彰奖励发放表.xlsx")


@bp.post("/campaigns/next")
@requires("awards.manage")
def campaign_next():
    return _done(lambda: next_year.create_next(actor=current_user(), title=request.form.get("title")),
                 "已创建下一年度活动；它将在第一个阶段开始之日成为当前活动")


@bp.get("/honour-roll")
@requires("awards.manage")
def honour_roll_page():
    year = bounds.id_or_none(request.args.get("year"))
    return render_template("console/honour_roll.html", entries=honour_roll.public_list(year), years=honour_roll.years(),
                           year=year, columns=honour_roll.COLUMNS, required=honour_roll.REQUIRED, preview=None)


@bp.post("/honour-roll/import")
@requires("awards.manage")
def honour_roll_import():
    upload = request.files.get("file")
    data = upload.read() if upload else b""
    try:
        if request.form.get("confirm") != "1":
            result = honour_roll.preview(data)
            return render_template("console/honour_roll.html", entries=honour_roll.public_list(None),
                                   years=honour_roll.years(), year=None, columns=honour_roll.COLUMNS,
                                   required=honour_roll.REQUIRED, preview=result)
        result = honour_roll.import_rows(data, actor=current_user())
    except DomainError as exc:
        db.session.rollback()
        errors = (exc.details or {}).get("errors") or []
        flash(exc.message + ("：" + "；".join(errors[:10]) if errors else ""), "error")
        return redirect(url_for("console.honour_roll_page"))
    db.session.commit()
    flash(f"已导入 {len(result.rows)} 条荣誉榜记录", "info")
    return redirect(url_for("console.honour_roll_page"))
