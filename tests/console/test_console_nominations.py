"""Nominations in the console: filters and search, masked lists, the full form, logged reveals, the audit log."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from conftest import PEOPLE

from app.extensions import db
from app.models import AuditEntry
from app.services import audit


def listed_names(body: str) -> list[str]:
    return re.findall(r'data-nomination="\d+">\s*<td>\d+</td>\s*<td><a href="[^"]+">([^<]+)</a>', body)


def test_the_list_filters_by_status_channel_district_and_search(organizer_console, nominations):
    def names(query):
        return sorted(listed_names(organizer_console.get(f"/console/nominations?{query}").get_data(as_text=True)))

    assert len(names("")) == len(PEOPLE)
    assert names("status=awaiting_endorsement") == sorted(p[0] for p in PEOPLE if p[1] == "awaiting_endorsement")
    assert names("channel=association") == sorted(p[0] for p in PEOPLE if p[2] == "association")
    assert names("district=海州区&channel=union") == sorted(p[0] for p in PEOPLE if p[3] == "海州区")
    assert names("q=孙丽") == ["孙丽华"]
    assert names("q=13500008888") == ["王志刚"]  # a full mobile number finds its owner
    assert names("q=1350000") == []  # but a fragment does not: numbers cannot be fished for
    haizhou = nominations[0].nominating_org_id
    assert names(f"org={haizhou}") == sorted(p[0] for p in PEOPLE if p[4] == "海州区总工会")


def test_lists_mask_mobile_numbers(organizer_console, nominations):
    body = organizer_console.get("/console/nominations").get_data(as_text=True)
    assert "138****1111" in body
    for person in PEOPLE:
        assert person[5] not in body


def test_htmx_gets_only_the_rows(organizer_console, nominations):
    body = organizer_console.get("/console/nominations?status=finalist",
                                 headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in body and sorted(listed_names(body)) == ["王志刚", "郑玉兰"]


def test_the_detail_shows_every_field_masked_until_revealed_and_the_reveal_is_logged(organizer_console,
                                                                                      nominations, accounts):
    nomination = nominations[0]
    body = organizer_console.get(f"/console/nominations/{nomination.id}").get_data(as_text=True)
    for text in ("张海涛", "数控车工0", "高级技师", "2000年03月起", "班组长", "连云港示范企业0有限公司", "1998年入厂",
                 "2017年获市技能大赛第一名", "张海涛的主要事迹", "掌握高超技能", "市级大赛第一名", "同意推荐",
                 "曾获市“首席员工”称号", "海州区总工会", "138****1111", "1970年代"):
        assert text in body, text
    assert "13800001111" not in body and "中共党员" not in body
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))
                             .where(AuditEntry.action == "nomination.private_viewed")) == 0
    revealed = organizer_console.get(f"/console/nominations/{nomination.id}/private",
                                     headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "13800001111" in revealed and "中共党员" in revealed and "1975年01月" in revealed
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "nomination.private_viewed")).one()
    assert entry.target_id == str(nomination.id) and entry.actor_user_id == accounts["organizer"].id


def test_history_comes_from_the_audit_log(organizer_console, nominations, accounts):
    nomination = nominations[2]
    audit.record("nomination.review_started", "nomination", nomination.id, actor=accounts["organizer"],
                 reason="材料齐全，进入考察")
    db.session.commit()
    body = organizer_console.get(f"/console/nominations/{nomination.id}").get_data(as_text=True)
    history = body.split('id="history"')[1]
    assert "材料齐全，进入考察" in history and "周主任" in history


def test_an_unknown_nomination_is_a_404_page(organizer_console, nominations):
    response = organizer_console.get("/console/nominations/999999")
    assert response.status_code == 404 and "推荐对象不存在" in response.get_data(as_text=True)


def test_the_audit_log_filters_and_pages(organizer_console, nominations, accounts):
    for _ in range(5):
        for nomination in nominations:
            audit.record("nomination.private_viewed", "nomination", nomination.id, actor=accounts["organizer"])
    audit.record("campaign.stage_override", "campaign", 1, actor_label="cli", data={"from": None, "to": "review"})
    db.session.commit()

    def rows(query):
        body = organizer_console.get(f"/console/audit?{query}").get_data(as_text=True)
        return re.findall(r'<tr data-action="([^"]+)"', body), body

    found, _ = rows("action=nomination.private_viewed")
    assert found == ["nomination.private_viewed"] * 50  # the first page of 60
    found, _ = rows(f"target_type=nomination&target_id={nominations[3].id}")
    assert found == ["nomination.private_viewed"] * 5
    found, _ = rows("actor=cli")
    assert found == ["campaign.stage_override"]
    found, _ = rows("actor=zhou&action=account.created")
    assert found == []  # accounts were created by "test", not by zhou
    found, _ = rows("since=2000-01-01&until=2000-12-31")
    assert found == []
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    found, _ = rows(f"actor=cli&since={today}&until={today}")
    assert found == ["campaign.stage_override"]
    found, _ = rows(f"actor=cli&until={today - timedelta(days=1)}")
    assert found == []
    everything, body = rows("")
    assert len(everything) == 50 and "第 1 / 2 页" in body  # 50 per page, newest first
    second, _ = rows("page=2")
    total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    assert len(everything) + len(second) == total


def test_the_audit_log_offers_no_way_to_change_it(organizer_console):
    body = organizer_console.get("/console/audit").get_data(as_text=True)
    assert 'method="post"' not in body.split("<main")[1]
    assert organizer_console.client.post("/console/audit").status_code in (400, 405)
