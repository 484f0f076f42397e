"""A duplicate refusal is no oracle: one answer whatever matched, a few a day, each audited and shown to organizers."""
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Nomination, OrganizationKind
from tests.console.conftest import ORGANIZER, ConsoleClient
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, make_org,  # noqa: F401
                                         make_representative)


def _refusals():
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "nomination.duplicate_refused")
                                   .order_by(AuditEntry.id)))


def test_matching_a_private_field_answers_the_same_whatever_matched(client, login, campaign):
    alice = login("alice")
    own = complete_self_draft(client, alice)
    assert client.post(f"/api/v1/nominations/{own}/submit", headers=alice).status_code == 200
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)

    # The right birth month (identity matches), then a wrong one with the worker's mobile (mobile matches).
    by_identity = complete_org_draft(client, rep, org_id, 0, mobile="13905189999")
    by_mobile = complete_org_draft(client, rep, org_id, 1, mobile="13805180000")
    answers = [client.post(f"/api/v1/nominations/{n}/submit", headers=rep) for n in (by_identity, by_mobile)]
    assert [a.status_code for a in answers] == [409, 409]
    assert answers[0].get_json() == answers[1].get_json()
    text = answers[0].get_data(as_text=True)
    for telling in ("identity", "mobile", "手机", "出生", "个人自荐", "conflict"):
        assert telling not in text
    # Organizers learn what matched, from the audit log.
    assert [(e.target_id, e.data["conflict"]) for e in _refusals()] == [(str(by_identity), "identity"),
                                                                         (str(by_mobile), "mobile")]


def test_a_representative_cannot_try_birth_months_without_limit(client, login, campaign):
    alice = login("alice")
    own = complete_self_draft(client, alice)  # born 1980-05
    assert client.post(f"/api/v1/nominations/{own}/submit", headers=alice).status_code == 200
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    guess = complete_org_draft(client, rep, org_id, 0, mobile="13905189999")

    for _ in range(5):
        refused = client.post(f"/api/v1/nominations/{guess}/submit", headers=rep)
        assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "duplicate_nominee"
    # The sixth try is refused before anything is compared, right month or wrong one.
    for month in ("1980-05", "1981-02"):
        assert client.patch(f"/api/v1/nominations/{guess}", json={"birth_month": month}, headers=rep).status_code == 200
        limited = client.post(f"/api/v1/nominations/{guess}/submit", headers=rep)
        assert limited.status_code == 429
        assert limited.get_json()["error"]["code"] == "too_many_duplicate_attempts"
        assert int(limited.headers["Retry-After"]) > 0
    assert db.session.get(Nomination, guess).status == "draft"
    entries = _refusals()
    assert len(entries) == 5 and entries[-1].reason.endswith("（今日第5次）")
    assert all(e.reason.startswith(f"重复推荐被拒绝：与第{own}号推荐（个人自荐）的姓名、出生年月和工作单位相同")
               for e in entries)
    # Other users are not limited by it.
    bob = login("bob")
    other = complete_self_draft(client, bob, name="钱立新", mobile="13905181111")
    assert client.post(f"/api/v1/nominations/{other}/submit", headers=bob).status_code == 200


def test_organizers_see_duplicate_attempts_in_the_console(client, login, campaign):
    from app.services.accounts.console_auth import create_account

    alice = login("alice")
    own = complete_self_draft(client, alice)
    assert client.post(f"/api/v1/nominations/{own}/submit", headers=alice).status_code == 200
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    guess = complete_org_draft(client, rep, org_id, 0, mobile="13905189999")
    for _ in range(2):
        assert client.post(f"/api/v1/nominations/{guess}/submit", headers=rep).status_code == 409

    create_account(ORGANIZER["username"], ORGANIZER["password"], "organizer", ORGANIZER["name"], actor_label="test")
    db.session.commit()
    console = ConsoleClient(client)
    assert console.login().status_code == 302
    page = console.get("/console/nominations").get_data(as_text=True)
    assert 'id="duplicate-refusals"' in page and "<strong>2</strong> 次提交因“同一人重复推荐”被拒绝" in page
    assert "action=nomination.duplicate_refused" in page
    detail = console.get(f"/console/nominations/{guess}").get_data(as_text=True)
    assert f"重复推荐被拒绝：与第{own}号推荐（个人自荐）的姓名、出生年月和工作单位相同（今日第2次）" in detail
    log = console.get("/console/audit?action=nomination.duplicate_refused").get_data(as_text=True)
    assert log.count("重复推荐被拒绝：") == 2
