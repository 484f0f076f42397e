"""Audiences resolve to the right people; the official account's mass send goes through the emulator over real
HTTP with `filter.tag_id` and `clientmsgid`, once, within WeChat's quota and rate."""
from __future__ import annotations

import pytest
import requests
import sqlalchemy as sa
from wechatpy.exceptions import WeChatClientException

from app.extensions import db
from app.models import Broadcast, Membership, Notification, Organization, OrganizationKind, PanelMember, User
from app.redis_store import get_redis
from app.services.broadcasts import audiences, composing, fanout, mass
from app.services.campaigns import stages
from app.wechat import get_wechat
from app.wechat.emulator_mass import set_monthly_quota
from tests.broadcasts.conftest import compose
from tests.factories.clock import not_at_a_minute_end
from tests.factories.likes import make_nominee, make_user


def recipients(organizer, audience: dict) -> set[int]:
    broadcast = composing.create(organizer, compose(audience=audience))
    bid = broadcast.id
    composing.send_now(organizer, bid)
    assert fanout.run(bid) == "sent"
    return set(db.session.scalars(sa.select(Notification.user_id).where(Notification.broadcast_id == bid)))


@pytest.fixture
def people(campaign, organizer):
    def nominee(name, status):
        user = make_user(name)
        make_nominee(campaign, name, status=status, nominee_user_id=user.id)
        return user.id

    found = {"qualified": nominee("李审核", "qualified"), "finalist": nominee("王入围", "finalist"),
             "top": nominee("张十大", "top_winner"), "winner": nominee("赵工匠", "winner"),
             "not_selected": nominee("钱未选", "not_selected")}
    union, association = (Organization(name="海州区总工会", kind=OrganizationKind.county_union),
                          Organization(name="连云港市机械行业协会", kind=OrganizationKind.association))
    db.session.add_all([union, association])
    db.session.flush()
    found["county_rep"], found["assoc_rep"], found["revoked_rep"], found["expert"] = (
        make_user("rep-haizhou").id, make_user("rep-assoc").id, make_user("rep-old").id, make_user("expert-li").id)
    db.session.add_all([
        Membership(user_id=found["county_rep"], organization_id=union.id, verified=True),
        Membership(user_id=found["assoc_rep"], organization_id=association.id, verified=True),
        Membership(user_id=found["revoked_rep"], organization_id=union.id, verified=True,
                   revoked_at=sa.func.now()),
        PanelMember(campaign_id=campaign.id, user_id=found["expert"], unit="江苏海洋大学"),
    ])
    disabled = User(openid="dev-gone", roles=[], disabled_at=sa.func.now())
    db.session.add(disabled)
    db.session.commit()
    found["disabled"] = disabled.id
    return found


def test_audiences_resolve_to_the_right_people(organizer, people):
    p = people
    assert recipients(organizer, {"kind": "nominees", "status": "qualified"}) == {p["qualified"]}
    assert recipients(organizer, {"kind": "finalists"}) == {p["finalist"], p["top"], p["winner"], p["not_selected"]}
    assert recipients(organizer, {"kind": "winners"}) == {p["top"], p["winner"]}
    assert recipients(organizer, {"kind": "representatives", "org_kind": "county_union"}) == {p["county_rep"]}
    assert recipients(organizer, {"kind": "representatives", "org_kind": "association"}) == {p["assoc_rep"]}
    assert recipients(organizer, {"kind": "experts"}) == {p["expert"]}
    everyone = recipients(organizer, {"kind": "all_users"})
    assert set(p.values()) - {p["disabled"]} <= everyone and p["disabled"] not in everyone
    # The console's count is the number of rows the fan-out writes.
    assert audiences.count({"kind": "finalists"}, stages.current_campaign()) == 4


def sent_mass(app) -> list[dict]:
    answer = requests.get(app.config["WECHAT_EMULATOR_URL"] + "/sent", params={"kind": "mass"}, timeout=5)
    return answer.json()["messages"]


def send_mass(organizer, audience: dict) -> int:
    broadcast = composing.create(organizer, compose(audience=audience, title="第二届港城工匠评选启动"))
    bid = broadcast.id
    composing.send_now(organizer, bid)
    fanout.run(bid)
    return bid


def test_a_tag_mass_send_builds_tag_id_and_clientmsgid_and_is_sent_once(organizer, app):
    bid = send_mass(organizer, {"kind": "mp_tag", "tag_id": "102"})
    broadcast = db.session.get(Broadcast, bid)
    assert broadcast.state == "sent" and broadcast.channels == ["mass"]
    assert broadcast.mass["status"] == "submitted" and broadcast.mass["msg_id"]
    [message] = sent_mass(app)
    assert message["to"] == "tag:102"
    assert message["body"]["filter"] == {"is_to_all": False, "tag_id": 102}  # not wechatpy's group_id
    assert message["body"]["clientmsgid"] == f"broadcast-{bid}"
    assert message["body"]["text"]["content"].startswith("【第二届港城工匠评选启动】")
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0  # no per-user rows for a mass send

    # A worker killed after WeChat took the request but before our commit submits it again: WeChat says 45065.
    broadcast.state, broadcast.mass = "sending", {"status": "pending", "clientmsgid": f"broadcast-{bid}"}
    db.session.commit()
    assert fanout.run(bid) == "sent"
    broadcast = db.session.get(Broadcast, bid)
    assert broadcast.mass["status"] == "submitted" and broadcast.mass["errcode"] == 45065
    assert len(sent_mass(app)) == 1  # nobody got it twice


def test_no_mass_quota_left_is_a_final_failure_with_its_code(organizer, app):
    set_monthly_quota(get_redis(), app.config["WECHAT_MP_APPID"], 1)
    first = send_mass(organizer, {"kind": "mp_followers"})
    second = send_mass(organizer, {"kind": "mp_followers"})
    assert db.session.get(Broadcast, first).mass["status"] == "submitted"
    refused = db.session.get(Broadcast, second)
    assert refused.state == "sent" and refused.mass["status"] == "failed" and refused.mass["errcode"] == 45028
    assert refused.report["mass"]["errcode"] == 45028
    assert [m["body"]["filter"] for m in sent_mass(app)] == [{"is_to_all": True}]


def test_the_emulator_enforces_sixty_mass_requests_a_minute_and_clientmsgid(app, ctx):
    set_monthly_quota(get_redis(), app.config["WECHAT_MP_APPID"], 1000)
    client = get_wechat().mp
    body = {"filter": {"is_to_all": True}, "msgtype": "text", "text": {"content": "测试"}}
    not_at_a_minute_end()
    for i in range(mass.RATE_PER_MINUTE):
        assert client.post("message/mass/sendall", data={**body, "clientmsgid": f"c{i}"})["errcode"] == 0
    with pytest.raises(WeChatClientException) as limited:
        client.post("message/mass/sendall", data={**body, "clientmsgid": "c-over"})
    assert limited.value.errcode == 45011
    get_redis().delete(*get_redis().keys("wxemu:mass:rate:*"))
    with pytest.raises(WeChatClientException) as duplicate:
        client.post("message/mass/sendall", data={**body, "clientmsgid": "c0"})
    assert duplicate.value.errcode == 45065


def test_our_own_rate_guard_waits_for_the_next_minute(organizer, app):
    appid = app.config["WECHAT_MP_APPID"]
    not_at_a_minute_end()
    for _ in range(mass.RATE_PER_MINUTE):
        mass._take_rate_slot(appid)
    bid = send_mass(organizer, {"kind": "mp_followers"})
    broadcast = db.session.get(Broadcast, bid)
    assert broadcast.state == "sending" and broadcast.mass["status"] == "retry"
    assert sent_mass(app) == []
