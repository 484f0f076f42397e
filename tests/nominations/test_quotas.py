"""Centralized nominations by unions and associations, within quotas that hold under concurrency."""
import threading

import pytest
import requests
import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination, OrganizationKind
from tests.factories.nominations import (campaign, complete_org_draft, form, make_org,  # noqa: F401
                                         make_representative, set_stage)


def _submit_all_at_once(app, headers, nomination_ids):
    """Submit every nomination from its own thread, all released at the same instant, over real HTTP."""
    barrier = threading.Barrier(len(nomination_ids))
    answers = {}

    def submit(nomination_id):
        barrier.wait()
        response = requests.post(f"{app.config['LIVE_URL']}/api/v1/nominations/{nomination_id}/submit",
                                 headers=headers, timeout=60)
        answers[nomination_id] = (response.status_code, response.json())

    threads = [threading.Thread(target=submit, args=(nid,)) for nid in nomination_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_sixteen_simultaneous_submissions_against_a_quota_of_fifteen(app, client, login, campaign):
    org_id = make_org("海州区总工会", OrganizationKind.county_union, district="海州区")
    rep = make_representative(login, "rep-haizhou", org_id)
    mine = client.get("/api/v1/organizations/mine", headers=rep).get_json()["items"]
    assert [(o["quota"], o["used"], o["left"]) for o in mine] == [(15, 0, 15)]
    drafts = [complete_org_draft(client, rep, org_id, i) for i in range(16)]

    answers = _submit_all_at_once(app, rep, drafts)

    statuses = sorted(status for status, _ in answers.values())
    assert statuses == [200] * 15 + [409], answers
    refused = [body for status, body in answers.values() if status == 409]
    assert refused[0]["error"]["code"] == "quota_exceeded"
    assert refused[0]["error"]["message"] == "海州区总工会本届集中推荐名额为15名，已全部用完"
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.nominating_org_id == org_id, Nomination.status == "submitted")) == 15
    mine = client.get("/api/v1/organizations/mine", headers=rep).get_json()["items"][0]
    assert (mine["used"], mine["left"], mine["drafts"]) == (15, 0, 1)


@pytest.mark.parametrize(("kind", "quota", "channel"), [
    (OrganizationKind.unit_union, 5, "union"),
    (OrganizationKind.association, 5, "association"),
])
def test_unit_unions_and_associations_nominate_five(client, login, campaign, kind, quota, channel):
    org_id = make_org("市港航物流集团工会" if kind == OrganizationKind.unit_union else "市机械制造行业协会", kind)
    rep = make_representative(login, "rep-org", org_id)
    drafts = [complete_org_draft(client, rep, org_id, i) for i in range(quota + 1)]
    for nomination_id in drafts[:quota]:
        answer = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=rep)
        assert answer.status_code == 200 and answer.get_json()["status"] == "submitted"
        assert answer.get_json()["channel"] == channel
    last = client.post(f"/api/v1/nominations/{drafts[-1]}/submit", headers=rep)
    assert last.status_code == 409 and last.get_json()["error"]["details"] == {"quota": 5, "used": 5, "left": 0}
    # Withdrawing one frees its place.
    assert client.post(f"/api/v1/nominations/{drafts[0]}/withdraw", json={}, headers=rep).status_code == 200
    assert client.post(f"/api/v1/nominations/{drafts[-1]}/submit", headers=rep).status_code == 200


def test_an_organizations_own_quota_overrides_the_campaigns(client, login, campaign):
    org_id = make_org("连云区总工会", OrganizationKind.county_union, quota=1)
    rep = make_representative(login, "rep-lianyun", org_id)
    first, second = (complete_org_draft(client, rep, org_id, i) for i in range(2))
    assert client.post(f"/api/v1/nominations/{first}/submit", headers=rep).status_code == 200
    assert client.post(f"/api/v1/nominations/{second}/submit", headers=rep).get_json()["error"]["code"] == \
        "quota_exceeded"
    assert client.get("/api/v1/organizations/mine", headers=rep).get_json()["items"][0]["left"] == 0


def test_can_nominate_is_false_when_no_place_is_left_or_the_stage_is_closed(client, login, campaign):
    org_id = make_org("连云区总工会", OrganizationKind.county_union, quota=1)
    rep = make_representative(login, "rep-lianyun", org_id)

    def mine():
        item = client.get("/api/v1/organizations/mine", headers=rep).get_json()["items"][0]
        return item["left"], item["can_nominate"]

    assert mine() == (1, True)
    first = complete_org_draft(client, rep, org_id, 0)
    assert client.post(f"/api/v1/nominations/{first}/submit", headers=rep).status_code == 200
    assert mine() == (0, False)
    assert client.post(f"/api/v1/nominations/{first}/withdraw", json={}, headers=rep).status_code == 200
    assert mine() == (1, True)
    set_stage("review")
    assert mine() == (1, False)


def test_only_verified_representatives_of_nominating_organizations_nominate(client, login, campaign):
    union_id = make_org("灌南县总工会", OrganizationKind.county_union)
    employer_id = make_org("灌南绿源化工有限公司", OrganizationKind.employer, district="灌南县")
    unverified = make_representative(login, "rep-pending", union_id, verified=False)
    employer_rep = make_representative(login, "rep-employer", employer_id)
    stranger = login("bob")
    for headers, org_id in ((unverified, union_id), (employer_rep, employer_id), (stranger, union_id)):
        response = client.post(f"/api/v1/organizations/{org_id}/nominations", json=form(), headers=headers)
        assert response.status_code == 403, response.get_json()
    items = client.get("/api/v1/organizations/mine", headers=employer_rep).get_json()["items"]
    assert items == [{"id": employer_id, "name": "灌南绿源化工有限公司", "kind": "employer", "kind_label": "用人单位",
                      "quota": None, "used": 0, "left": None, "drafts": 0, "can_nominate": False,
                      "nominates": False, "endorses": True}]
    assert client.get(f"/api/v1/organizations/{union_id}/nominations", headers=stranger).status_code == 403


def test_a_worker_cannot_submit_their_unit_nomination_themselves(client, login, campaign):
    org_id = make_org("赣榆区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-ganyu", org_id)
    nomination_id = complete_org_draft(client, rep, org_id, 0)
    code = client.post(f"/api/v1/nominations/{nomination_id}/invitation", headers=rep).get_json()["code"]
    worker = login("worker")
    assert client.post("/api/v1/invitations/claim", json={"code": code}, headers=worker).status_code == 200
    response = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=worker)
    assert response.status_code == 403
    assert client.get(f"/api/v1/organizations/{org_id}/nominations", headers=rep).get_json()["items"][0]["id"] == \
        nomination_id


@pytest.mark.parametrize(("kind", "nominates", "endorses"), [
    (OrganizationKind.county_union, True, False),
    (OrganizationKind.unit_union, True, False),
    (OrganizationKind.association, True, True),
    (OrganizationKind.employer, False, True),
])
def test_my_organizations_say_what_their_kind_does(client, login, campaign, kind, nominates, endorses):
    """The representative's page shows only what fits: unions nominate, employers endorse, associations both."""
    org_id = make_org("某组织", kind)
    rep = make_representative(login, "rep-kind", org_id)
    item = client.get("/api/v1/organizations/mine", headers=rep).get_json()["items"][0]
    assert (item["nominates"], item["endorses"]) == (nominates, endorses)
