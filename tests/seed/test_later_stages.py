"""seed-demo reaches the public notice and the awards through the panel, results and awards services."""
from collections import Counter

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Award, Certificate, Nomination, Objection, PanelDecision, PanelScore, User
from app.services.awards import certificates
from app.services.campaigns import stages
from app.services.results import notice


def _actions(openid: str) -> Counter:
    user = db.session.scalars(sa.select(User).where(User.openid == openid)).one()
    return Counter(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.actor_user_id == user.id)))


def test_evaluation_reaches_the_public_notice_with_scored_confirmed_results(runner, ctx, client):
    result = runner.invoke(args=["seed-demo", "--stage", "evaluation"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    campaign = stages.current_campaign()
    assert stages.stage_state(campaign).stage.key == "evaluation"
    statuses = Counter(db.session.scalars(sa.select(Nomination.status)))
    assert (statuses["top_winner"], statuses["winner"]) == (10, 40)
    # Five experts scored every finalist; one abstained on one (a declared conflict), the rest submitted.
    sheets = db.session.scalars(sa.select(PanelScore)).all()
    assert len(sheets) == 250 and sum(1 for s in sheets if s.conflict) == 1
    assert all(s.submitted_at for s in sheets)
    # The level 10th and 11th were ordered by the chair, with the reason, before the ranking was confirmed.
    chair, confirmed = db.session.scalars(sa.select(PanelDecision).order_by(PanelDecision.id)).all()
    assert (chair.kind, chair.boundary, confirmed.kind) == ("chair_order", 10, "confirmed")
    assert chair.reason and confirmed.nomination_ids[9:11] == chair.nomination_ids
    figures = confirmed.figures["rows"]
    assert figures[str(chair.nomination_ids[0])]["raw"] == figures[str(chair.nomination_ids[1])]["raw"]
    organizer = _actions("dev-organizer")
    assert organizer["panel.round_opened"] == 1 and organizer["panel.tie_decided"] == 1
    assert organizer["results.confirm"] == 1 and organizer["results.publish"] == 1
    assert sum(_actions(f"dev-expert{s}")["panel.score_submitted"] for s in ("", "-qian", "-li", "-zhao", "-wu")) == 249
    # The notice is open: the public reads it, and an objection waits for its answer.
    assert notice.window(campaign).state == "open"
    public = client.get("/api/v1/results").get_json()
    assert len(public["top_winners"]) == 10 and len(public["winners"]) == 40 and public["state"] == "open"
    assert [o.status for o in db.session.scalars(sa.select(Objection))] == ["received"]


def test_commendation_records_awards_and_certificates_after_the_notice(runner, ctx, client):
    assert runner.invoke(args=["seed-demo", "--stage", "evaluation"]).exit_code == 0
    result = runner.invoke(args=["seed-demo", "--stage", "commendation"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert [o.status for o in db.session.scalars(sa.select(Objection))] == ["not_upheld"]
    awards = db.session.scalars(sa.select(Award)).all()
    assert len(awards) == 50 and sum(1 for a in awards if a.medal_check == "passed") == 10
    serials = db.session.scalars(sa.select(Certificate.serial)).all()
    assert len(serials) == 50
    assert certificates.verification(serials[0]).valid
    page = client.get(f"/verify/{serials[0]}")
    assert page.status_code == 200 and "有效" in page.get_data(as_text=True)
    organizer = _actions("dev-organizer")
    assert organizer["award.recorded"] == 1 and organizer["certificate.issued"] == 50
    assert organizer["objection.answer"] == 1
    before = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    assert runner.invoke(args=["seed-demo", "--stage", "commendation"]).exit_code == 0
    # Again: nothing new but the (audited) stage switch back and forth is not repeated either.
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))) == before
