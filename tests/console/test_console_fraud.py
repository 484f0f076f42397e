"""点赞监测 in the console: flags with evidence, releasing holds, voiding likes with a reason."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, LikeFlag, LikeHold, LikeVoid
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.likes import counts, liking, review
from tests.console.conftest import EXPERT
from tests.factories.clock import not_at_a_minute_end
from tests.factories.likes import drain, ledger_rows, make_nominee, make_user, make_users

FARM_IP = "203.0.113.66"


@pytest.fixture
def campaign(accounts, app):
    """The demo campaign, switched to the promotion stage so that finalists can be liked."""
    campaign = stages.current_campaign()
    stages.set_override(campaign, "promotion", actor_label="test")
    db.session.commit()
    app.extensions.pop("likes_campaign", None)
    saved = app.config["LIKE_FLAG_IP_ACCOUNTS"]
    app.config["LIKE_FLAG_IP_ACCOUNTS"] = 3
    yield campaign
    app.config["LIKE_FLAG_IP_ACCOUNTS"] = saved
    app.extensions.pop("likes_campaign", None)


def farm_likes(nominee, count=3, ip=FARM_IP):
    old = datetime.now(timezone.utc) - timedelta(days=400)
    for i in range(count):
        liking.like(make_user(f"farm{nominee.id}-{i}", created_at=old).id, nominee.id, ip)


def count(campaign, nominee) -> int:
    return counts.like_counts(campaign.id, [nominee.id])[nominee.id]


def void_confirmed(console, form, expect: int):
    """Ask for the void, check the confirmation's count (nothing voided yet), then confirm it."""
    preview = console.post("/console/likes/voids", form, token_from="/console/likes")
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and f'<strong class="count" id="void-count">{expect}</strong>' in html
    assert "作废后不能撤销" in html
    assert db.session.scalar(sa.select(sa.func.count(LikeVoid.id))) == 0
    return console.post("/console/likes/voids", {**form, "confirmed": "1", "expected": str(expect)},
                        token_from="/console/likes")


def test_organizer_sees_a_flag_with_its_evidence_and_dismisses_it(organizer_console, campaign, accounts):
    nominee = make_nominee(campaign, name="王建军")
    farm_likes(nominee, 3)
    drain()

    html = organizer_console.get("/console/likes").get_data(as_text=True)
    assert "点赞监测" in html and 'href="/console/likes"' in html  # in the navigation
    flag = db.session.scalars(sa.select(LikeFlag)).one()
    row = html[html.index(f'data-flag="{flag.id}"'):]
    row = row[:row.index("</tr>")]
    assert "同一IP多账号" in row and f"同一 IP <code>{FARM_IP}</code> 有 3 个账号点赞 3 次" in row
    assert "阈值 3 个账号" in row

    response = organizer_console.post(f"/console/likes/flags/{flag.id}/review",
                                      {"status": "dismissed", "note": "企业食堂公共WiFi"}, token_from="/console/likes")
    assert response.status_code == 302
    page = organizer_console.get("/console/likes").get_data(as_text=True)
    assert f'data-flag="{flag.id}"' not in page and "没有符合条件的风险标记" in page
    closed = organizer_console.get("/console/likes?status=dismissed").get_data(as_text=True)
    assert f'data-flag="{flag.id}"' in closed and "企业食堂公共WiFi" in closed
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "likes.flag_reviewed")).one()
    assert entry.actor_user_id == accounts["organizer"].id and entry.reason == "企业食堂公共WiFi"


def test_the_flag_list_filters_by_kind(organizer_console, campaign):
    nominee = make_nominee(campaign)
    farm_likes(nominee, 3)
    drain()
    flag = db.session.scalars(sa.select(LikeFlag)).one()
    assert f'data-flag="{flag.id}"' in organizer_console.get("/console/likes?kind=ip_concentration").get_data(as_text=True)
    assert f'data-flag="{flag.id}"' not in organizer_console.get("/console/likes?kind=velocity").get_data(as_text=True)


def test_releasing_a_hold_lets_the_nominee_be_liked_again(organizer_console, campaign, accounts):
    campaign.like_velocity_hold_per_minute = 2
    db.session.commit()
    nominee = make_nominee(campaign, name="李秀英")
    fans = make_users(4)
    not_at_a_minute_end()
    liking.like(fans[0].id, nominee.id, "198.51.100.1")
    liking.like(fans[1].id, nominee.id, "198.51.100.2")
    with pytest.raises(DomainError) as held:
        liking.like(fans[2].id, nominee.id, "198.51.100.3")
    assert held.value.code == "held_for_review"
    drain()

    html = organizer_console.get("/console/likes").get_data(as_text=True)
    assert f'data-hold="{nominee.id}"' in html and "李秀英" in html
    refused = organizer_console.post(f"/console/likes/holds/{nominee.id}/release", {"reason": " "},
                                     token_from="/console/likes")
    assert refused.status_code == 400 and "请填写解除暂停的原因" in refused.get_data(as_text=True)
    assert review.active_holds(campaign.id)

    response = organizer_console.post(f"/console/likes/holds/{nominee.id}/release",
                                      {"reason": "核实为媒体报道带来的正常增长"}, token_from="/console/likes")
    assert response.status_code == 302
    assert f'data-hold="{nominee.id}"' not in organizer_console.get("/console/likes").get_data(as_text=True)
    assert liking.like(fans[3].id, nominee.id, "198.51.100.4").likes == 3
    hold = db.session.scalars(sa.select(LikeHold)).one()
    assert hold.release_reason == "核实为媒体报道带来的正常增长" and hold.released_by_id == accounts["organizer"].id


def test_voiding_by_ip_lowers_the_count_and_keeps_the_ledger_rows_marked(organizer_console, campaign, accounts):
    nominee = make_nominee(campaign)
    farm_likes(nominee, 3)
    liking.like(make_user("neighbour").id, nominee.id, "198.51.100.9")
    drain()
    assert count(campaign, nominee) == 4

    response = void_confirmed(organizer_console, {"ips": FARM_IP, "reason": "同一IP多账号刷票"}, 3)
    assert response.status_code == 302
    assert count(campaign, nominee) == 1
    rows = ledger_rows(nomination_id=nominee.id)
    void = db.session.scalars(sa.select(LikeVoid)).one()
    assert len(rows) == 4
    assert sorted((row.ip, row.void_id) for row in rows) == [("198.51.100.9", None)] + [(FARM_IP, void.id)] * 3
    assert void.reason == "同一IP多账号刷票" and void.criteria["ips"] == [FARM_IP]
    assert void.actor_user_id == accounts["organizer"].id

    page = organizer_console.get("/console/likes").get_data(as_text=True)
    row = page[page.index(f'data-void="{void.id}"'):]
    assert '<td class="voided-count num">3</td>' in row and "同一IP多账号刷票" in row and "周主任" in row


def test_voiding_a_time_window_in_china_time_limited_to_one_nominee(organizer_console, campaign):
    nominee, other = make_nominee(campaign), make_nominee(campaign, name="李秀英")
    fans = make_users(2)
    for fan in fans:
        liking.like(fan.id, nominee.id, "198.51.100.1")
        liking.like(fan.id, other.id, "198.51.100.1")
    drain()
    now_cst = datetime.now(timezone(timedelta(hours=8)))
    since = (now_cst - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    until = (now_cst + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    response = void_confirmed(organizer_console, {"since": since, "until": until, "reason": "集中刷票时段",
                                        "nomination_ids": str(other.id)}, 2)
    assert response.status_code == 302
    assert count(campaign, nominee) == 2 and count(campaign, other) == 0


def test_a_void_whose_likes_changed_after_the_confirmation_is_asked_again(organizer_console, campaign):
    nominee = make_nominee(campaign)
    farm_likes(nominee, 3)
    drain()
    form = {"ips": FARM_IP, "reason": "同一IP多账号刷票"}
    preview = organizer_console.post("/console/likes/voids", form, token_from="/console/likes").get_data(as_text=True)
    assert 'id="void-count">3<' in preview and 'name="expected" value="3"' in preview
    liking.like(make_user("late-farm", created_at=datetime.now(timezone.utc) - timedelta(days=400)).id, nominee.id,
                FARM_IP)
    drain()
    again = organizer_console.post("/console/likes/voids", {**form, "confirmed": "1", "expected": "3"},
                                   token_from="/console/likes")
    html = again.get_data(as_text=True)
    assert again.status_code == 409 and "已由 3 个变为 4 个" in html and 'id="void-count">4<' in html
    assert count(campaign, nominee) == 4 and all(row.void_id is None for row in ledger_rows())


@pytest.mark.parametrize("form, message", [
    ({"ips": FARM_IP, "reason": ""}, "请填写作废原因"),
    ({"reason": "刷票"}, "请按用户、IP 或时间段指定要作废的点赞"),
    ({"ips": "198.51.100.200", "reason": "刷票"}, "没有符合条件的点赞"),
    ({"ips": "203.0.113.x", "reason": "刷票"}, "IP 地址格式不正确"),
    ({"user_ids": "12a", "reason": "刷票"}, "用户编号应为数字编号"),
])
def test_a_refused_void_shows_why_and_changes_nothing(organizer_console, campaign, form, message):
    nominee = make_nominee(campaign)
    farm_likes(nominee, 3)
    drain()
    response = organizer_console.post("/console/likes/voids", form, token_from="/console/likes")
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 409)
    assert 'id="void-error"' in html and message in html
    assert f'value="{form.get("ips", "")}"' in html  # what was typed stays in the form
    assert count(campaign, nominee) == 3
    assert all(row.void_id is None for row in ledger_rows())
    assert db.session.scalar(sa.select(sa.func.count(LikeVoid.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "likes.voided")) == 0


def test_a_post_without_csrf_token_is_refused(organizer_console, campaign):
    nominee = make_nominee(campaign)
    farm_likes(nominee, 3)
    drain()
    response = organizer_console.post("/console/likes/voids", {"ips": FARM_IP, "reason": "刷票"}, with_token=False)
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert count(campaign, nominee) == 3 and all(row.void_id is None for row in ledger_rows())


def test_experts_may_not_open_the_fraud_review(console, campaign):
    assert console.login(EXPERT).status_code == 302
    assert console.get("/console/likes").status_code == 403
    home = console.get("/console/expert").get_data(as_text=True)
    assert "点赞监测" not in home
    assert console.post("/console/likes/voids", {"ips": FARM_IP, "reason": "刷票"},
                        token_from="/console/expert").status_code == 403
