"""Holders of the 港城工匠 title may not apply again; one person, one active nomination per campaign."""
import threading

import pytest
import requests
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import AuditEntry, HonourRollEntry, Nomination, NominationChannel, OrganizationKind
from tests.factories.nominations import (campaign, complete_org_draft, complete_self_draft, make_org,  # noqa: F401
                                         make_representative, month, user_named)


def _honour(name="赵建国", birth="1980-05", employer="连云港海缘数控机床有限公司", mobile=None):
    db.session.add(HonourRollEntry(year=2018, title="港城工匠", name=name, birth_month=birth and month(birth),
                                   employer_name=employer, mobile=mobile))
    db.session.commit()


@pytest.mark.parametrize("entry", [
    {},  # same name and birth month
    {"birth": None},  # birth month unknown on the roll: same name and employer
    {"name": "赵建囯", "birth": "1970-01", "mobile": "13805180000"},  # same mobile
    {"employer": "另一家公司（已更名）"},  # changed employer, same name and birth month
])
def test_a_title_holder_cannot_apply_again(client, login, campaign, entry):
    _honour(**entry)
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    response = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "prior_winner"
    assert error["message"].startswith("已获得过“港城工匠”称号的职工不再申报（2018年“港城工匠”）")
    assert db.session.get(Nomination, nomination_id).status == "draft"


def test_a_namesake_is_not_a_title_holder(client, login, campaign):
    _honour(birth="1975-02")
    _honour(name="赵建国", birth=None, employer="灌云盐河纺织有限公司")
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice).status_code == 200


@pytest.mark.parametrize(("overrides", "conflict"), [
    ({"mobile": "13905189999"}, "identity"),  # same name, birth month, employer; another phone
    ({"employer_name": "连云港海缘数控机床 有限公司", "mobile": "13905189999"}, "identity"),  # spacing differs
    ({"name": "钱立新", "birth_month": "1975-01"}, "mobile"),  # someone else's name, the same phone
])
def test_the_same_person_cannot_be_nominated_twice_whatever_the_channel(client, login, campaign, overrides, conflict):
    alice = login("alice")
    own = complete_self_draft(client, alice)
    assert client.post(f"/api/v1/nominations/{own}/submit", headers=alice).status_code == 200

    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    unit = complete_org_draft(client, rep, org_id, 0, **overrides)
    response = client.post(f"/api/v1/nominations/{unit}/submit", headers=rep)
    assert response.status_code == 409
    error = response.get_json()["error"]
    # The same answer whatever matched: neither the field nor the other nomination's channel is named.
    assert error == {"code": "duplicate_nominee",
                     "message": "该职工在本届活动中已有一份有效的推荐，同一人只能被推荐一次。如有疑问，请联系市总工会。"}
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "nomination.duplicate_refused")).one()
    assert (entry.target_id, entry.data["conflict"], entry.data["other_id"]) == (str(unit), conflict, own)
    assert entry.reason.startswith(f"重复推荐被拒绝：与第{own}号推荐（个人自荐）的")

    # Once the self-nomination is withdrawn the union may put the worker forward.
    assert client.post(f"/api/v1/nominations/{own}/withdraw", json={}, headers=alice).status_code == 200
    assert client.post(f"/api/v1/nominations/{unit}/submit", headers=rep).status_code == 200


def test_two_channels_racing_for_the_same_person_yield_one_nomination(app, client, login, campaign):
    alice = login("alice")
    own = complete_self_draft(client, alice)
    org_id = make_org("海州区总工会", OrganizationKind.county_union)
    rep = make_representative(login, "rep-haizhou", org_id)
    unit = complete_org_draft(client, rep, org_id, 0)
    barrier, answers = threading.Barrier(2), {}

    def submit(nomination_id, headers):
        barrier.wait()
        answers[nomination_id] = requests.post(
            f"{app.config['LIVE_URL']}/api/v1/nominations/{nomination_id}/submit", headers=headers, timeout=60)

    threads = [threading.Thread(target=submit, args=args) for args in ((own, alice), (unit, rep))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.status_code for r in answers.values()) == [200, 409]
    assert [r.json()["error"]["code"] for r in answers.values() if r.status_code == 409] == ["duplicate_nominee"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(Nomination.status != "draft")) == 1


def test_the_database_itself_refuses_a_second_active_nomination(ctx, campaign, login):
    login("alice")
    alice = user_named("alice")
    person = dict(campaign_id=campaign.id, submitted_by_id=alice.id, name="孙立新", birth_month=month("1979-08"),
                  employer_name="高新区智芯电子有限公司", conditions=[])
    db.session.add(Nomination(channel=NominationChannel.self_nomination, status="submitted", mobile="13905180001",
                              **person))
    db.session.commit()
    db.session.add(Nomination(channel=NominationChannel.union, status="draft", mobile="13905180002", **person))
    db.session.commit()  # a draft is not active: allowed
    second = db.session.scalars(sa.select(Nomination).where(Nomination.status == "draft")).one()
    second.status = "submitted"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_years_in_the_trade_are_counted_to_the_campaigns_nomination_deadline(client, login, campaign):
    # The 2019 campaign's nominations close on 2019-05-31: a start in 2016-01 is three years, not ten.
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice, trade_since="2016-01")
    response = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["fields"] == {"trade_since": "从事本工种（专业）须满5年"}
    # Five full years by the deadline is enough.
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json={"trade_since": "2014-05"},
                        headers=alice).status_code == 200
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice).status_code == 200
