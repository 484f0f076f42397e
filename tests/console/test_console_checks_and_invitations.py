"""Endorsement checks and representative invitations in the console: refusals that change nothing."""
import sqlalchemy as sa

from app.extensions import db
from app.models import Endorsement, Invitation, Nomination, Organization
from tests.console.conftest import EXPERT, ConsoleClient
from tests.factories.endorsement import unverified_endorsement


def test_a_refusal_without_a_reason_changes_nothing_and_experts_see_no_queue(organizer_console, nominations, app):
    waiting = next(n for n in nominations if n.status == "awaiting_endorsement")
    endorsement = unverified_endorsement(waiting, "dev-hr-zhang")
    queue = organizer_console.get("/console/endorsement-checks").get_data(as_text=True)
    assert f'data-endorsement="{endorsement.id}"' in queue and "王秀英" in queue and "人力资源部经理" in queue
    letter = organizer_console.get(f"/console/endorsement-checks/letters/{endorsement.letter_id}")
    assert letter.status_code == 200 and letter.mimetype == "image/jpeg"
    path = f"/console/endorsement-checks/{endorsement.id}"
    silent = organizer_console.post(path, {"accept": "0", "reason": "  "}, token_from="/console/endorsement-checks",
                                    follow_redirects=True)
    assert "请说明未通过核实的原因" in silent.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Endorsement, endorsement.id).status == "pending_check"
    assert db.session.get(Nomination, waiting.id).status == "endorsement_check"
    expert = ConsoleClient(app.test_client())
    expert.login(EXPERT)
    assert expert.get("/console/endorsement-checks").status_code == 403
    assert expert.get(f"/console/endorsement-checks/letters/{endorsement.letter_id}").status_code == 403
    assert organizer_console.get("/console/endorsement-checks/letters/999999").status_code == 404


def test_invitations_are_revoked_only_where_they_belong_and_while_usable(organizer_console, accounts):
    first, second = db.session.scalars(sa.select(Organization).order_by(Organization.id).limit(2)).all()
    page = organizer_console.post(f"/console/organizations/{first.id}/representative-invitations",
                                  token_from=f"/console/organizations/{first.id}")
    assert page.status_code == 200 and "只显示这一次" in page.get_data(as_text=True)
    invitation = db.session.scalars(sa.select(Invitation).where(Invitation.organization_id == first.id)).one()
    elsewhere = organizer_console.post(f"/console/organizations/{second.id}/representative-invitations/"
                                       f"{invitation.id}/revoke", token_from=f"/console/organizations/{second.id}")
    assert elsewhere.status_code == 404
    revoke = f"/console/organizations/{first.id}/representative-invitations/{invitation.id}/revoke"
    assert organizer_console.post(revoke, token_from=f"/console/organizations/{first.id}").status_code == 302
    twice = organizer_console.post(revoke, token_from=f"/console/organizations/{first.id}")
    assert twice.status_code == 409 and "已作废" in twice.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Invitation, invitation.id).revoked_at is not None
