"""One WeChat account is the nominee of one active nomination per campaign, whatever names and mobiles it types."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Nomination, NominationChannel, OrganizationKind
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, make_org,  # noqa: F401
                                         make_representative, month, user_named)


def _claimed_union_nomination(client, login, worker_headers, *, submit=True) -> int:
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    nomination_id = complete_org_draft(client, rep, org_id, 0)
    if submit:
        assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=rep).status_code == 200
    code = client.post(f"/api/v1/nominations/{nomination_id}/invitation", headers=rep).get_json()["code"]
    claimed = client.post("/api/v1/invitations/claim", json={"code": code}, headers=worker_headers)
    assert claimed.status_code == 200, claimed.get_json()
    return nomination_id


@pytest.mark.parametrize("submitted", [True, False])
def test_a_claimed_nominee_cannot_also_nominate_themself_under_another_name(client, login, campaign, submitted):
    worker = login("worker07")
    union_id = _claimed_union_nomination(client, login, worker, submit=submitted)
    created = client.post("/api/v1/nominations", json={"channel": "self"}, headers=worker)
    assert created.status_code == 409
    error = created.get_json()["error"]
    assert error["code"] == "nominee_account_taken" and error["details"] == {"id": union_id}
    assert error["message"].startswith("您在本届活动中已有一份推荐（单位集中推荐），每个微信账号只能有一份有效推荐")
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.channel == NominationChannel.self_nomination)) == 0


def test_an_account_with_its_own_nomination_cannot_claim_another(client, login, campaign):
    worker = login("worker07")
    own = complete_self_draft(client, worker, name="钱立新", mobile="13905181111", birth_month="1975-01")
    assert client.post(f"/api/v1/nominations/{own}/submit", headers=worker).status_code == 200
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    union_id = complete_org_draft(client, rep, org_id, 0)
    assert client.post(f"/api/v1/nominations/{union_id}/submit", headers=rep).status_code == 200
    code = client.post(f"/api/v1/nominations/{union_id}/invitation", headers=rep).get_json()["code"]

    refused = client.post("/api/v1/invitations/claim", json={"code": code}, headers=worker)
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "nominee_account_taken"
    assert "请先撤回原有推荐后再认领" in refused.get_json()["error"]["message"]
    assert db.session.get(Nomination, union_id).nominee_user_id is None
    # Once the worker withdraws their own, the code works.
    assert client.post(f"/api/v1/nominations/{own}/withdraw", json={}, headers=worker).status_code == 200
    assert client.post("/api/v1/invitations/claim", json={"code": code}, headers=worker).status_code == 200


def test_the_database_refuses_two_active_nominations_of_one_account(ctx, campaign, login):
    login("worker07")
    worker = user_named("worker07")
    common = dict(campaign_id=campaign.id, submitted_by_id=worker.id, nominee_user_id=worker.id, conditions=[],
                  employer_name="连云港海缘数控机床有限公司")
    db.session.add(Nomination(channel=NominationChannel.union, status="submitted", name="赵建国",
                              birth_month=month("1980-05"), mobile="13805180000", **common))
    db.session.commit()
    db.session.add(Nomination(channel=NominationChannel.self_nomination, status="awaiting_endorsement", name="钱立新",
                              birth_month=month("1975-01"), mobile="13905181111", **common))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
