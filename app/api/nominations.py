"""Nominations in the mini-program: the rules, drafts, changes, submission, my nominations, the form."""
import io

from flask import send_file

from app.api.blueprint import Blueprint
from app.api.nomination_schemas import (CreateNominationSchema, MyNominationListSchema, NominationChangesSchema,
                                        NominationSchema, RulesSchema, WithdrawSchema, private_view)
from app.api.schemas import DOCX_TYPE, ApiErrorSchema, file_responses
from app.api.security import BEARER_SECURITY, current_user, login_required
from app.services.exports import form_downloads
from app.services.materials import downloads
from app.services.nominations import access, rules
from app.services.nominations import submission as nominations
from app.services.nominees import profiles as public_profiles

blp = Blueprint("nominations", __name__, url_prefix="/api/v1", description="推荐申报")


@blp.route("/nominations/rules")
@blp.response(200, RulesSchema)
def nomination_rules():
    """The limits, options and Chinese messages the server enforces (the mini-program mirrors them)."""
    return {"limits": rules.limits(), "messages": rules.messages(), "options": rules.options(),
            "labels": rules.LABELS, "consent_text": rules.CONSENT_TEXT}


@blp.route("/nominations", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(CreateNominationSchema)
@blp.response(201, NominationSchema)
@blp.alt_response(409, schema=ApiErrorSchema, description="阶段未开放，或已有自荐申报")
def create(_body):
    """Start my self-nomination (个人自荐) as a draft."""
    return private_view(nominations.create_self_draft(current_user()))


@blp.route("/nominations/<int:nomination_id>")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, NominationSchema)
@blp.alt_response(404, schema=ApiErrorSchema)
def read(nomination_id):
    return private_view(access.load_for_view(current_user(), nomination_id))


@blp.route("/nominations/<int:nomination_id>", methods=["PATCH"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(NominationChangesSchema)
@blp.response(200, NominationSchema)
@blp.alt_response(400, schema=ApiErrorSchema, description="details.fields 逐项说明")
@blp.alt_response(409, schema=ApiErrorSchema, description="not_editable（已提交，不能修改）、stage_closed（草稿：推荐申报未开放）、"
                  "resubmit_deadline_passed（退回补充已过截止日期，details.resubmit_by）")
def change(changes, nomination_id):
    return private_view(nominations.update(current_user(), nomination_id, changes))


@blp.route("/nominations/<int:nomination_id>/submit", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, NominationSchema)
@blp.alt_response(400, schema=ApiErrorSchema, description="nomination_incomplete（details.fields）或 content_rejected")
@blp.alt_response(403, schema=ApiErrorSchema, description="prior_winner：已获“港城工匠”称号")
@blp.alt_response(409, schema=ApiErrorSchema, description="stage_closed、duplicate_nominee、quota_exceeded、not_editable、"
                  "resubmit_deadline_passed（退回补充已过截止日期，details.resubmit_by）")
def submit(nomination_id):
    """Submit, or resubmit a nomination returned for more: before its deadline (resubmit_by), even after the
    nomination stage has closed, it goes back to review (under_review) without a new endorsement."""
    return private_view(nominations.submit(current_user(), nomination_id))


@blp.route("/nominations/<int:nomination_id>/withdraw", methods=["POST"])
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.arguments(WithdrawSchema)
@blp.response(200, NominationSchema)
@blp.alt_response(409, schema=ApiErrorSchema)
def withdraw(body, nomination_id):
    return private_view(nominations.withdraw(current_user(), nomination_id, body["reason"]))


@blp.route("/me/nominations")
@login_required
@blp.doc(security=BEARER_SECURITY)
@blp.response(200, MyNominationListSchema)
def my_nominations():
    """The nominations I am the nominee of, or filed; the standing of those on the leaderboard; whether I can
    start a self-nomination now, and the stage."""
    user = current_user()
    mine = nominations.mine(user)
    standing = public_profiles.standings(mine)
    items = [dict(private_view(n), public_page=access.is_public(n), standing=standing.get(n.id)) for n in mine]
    return dict(nominations.self_nomination_outlook(user), items=items)


@blp.route("/nominations/<int:nomination_id>/form.docx")
@login_required
@blp.doc(security=BEARER_SECURITY, description="附件1《“港城工匠”推荐表》（Word）",
         responses=file_responses("推荐表（.docx）", DOCX_TYPE))
@blp.alt_response(404, schema=ApiErrorSchema)
def form_docx(nomination_id):
    filename, ascii_name, mimetype, data = form_downloads.form_of(current_user(), nomination_id)
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Content-Disposition"] = downloads.content_disposition(filename, ascii_name)
    return response
