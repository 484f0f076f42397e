"""Endorsement checks (单位认可待核实): organizers look at the photo of the sealed letter sent by someone who is
not a verified representative, and accept the endorsement or refuse it with a reason."""
from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for

from app.console.blueprint import bp
from app.console.session import current_user, requires
from app.extensions import db
from app.models import DECISION_LABELS, STATUS_LABELS
from app.services.endorsement import checks
from app.services.errors import DomainError


@bp.get("/endorsement-checks")
@requires("endorsements.check")
def endorsement_checks():
    return render_template("console/endorsement_checks.html", items=checks.pending_checks(current_user()),
                           decisions=DECISION_LABELS)


@bp.get("/endorsement-checks/letters/<int:letter_id>")
@requires("endorsements.check")
def endorsement_letter(letter_id: int):
    row, data = checks.open_letter(current_user(), letter_id)
    response = send_file(io.BytesIO(data), mimetype=row.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/endorsement-checks/<int:endorsement_id>")
@requires("endorsements.check")
def endorsement_check_decide(endorsement_id: int):
    user = current_user()
    accept = request.form.get("accept") == "1"
    try:
        endorsement = checks.load_endorsement(user, endorsement_id)
        checks.verify_endorsement(endorsement, user, accept, request.form.get("reason"))
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("console.endorsement_checks", _anchor=f"check-{endorsement_id}"))
    nomination = endorsement.nomination
    outcome = STATUS_LABELS.get(nomination.status, nomination.status)
    verdict = (f"核实无误，单位意见（{DECISION_LABELS.get(endorsement.decision, endorsement.decision)}）已生效" if accept
               else "未通过核实，已通知职工重新请单位认可")
    flash(f"{nomination.name}：{verdict}；申报状态现为“{outcome}”", "info")
    return redirect(url_for("console.endorsement_checks"))
