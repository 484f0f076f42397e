"""Nominations in the console: filters and search, masked lists, the full form, logged reveals, the audit log."""
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, NominationFile
from app.services import audit
from tests.console.conftest import expected_page


def listed(body: str) -> tuple[list[int], int]:
    ids = [int(i) for i in re.findall(r'<tr data-nomination="(\d+)"', body)]
    total = int(re.search(r'id="result-count" data-total="(\d+)"', body).group(1))
    return ids, total


def test_the_list_filters_by_status_channel_district_and_search(organizer_console, nominations):
    def page(query):
        return listed(organizer_console.get(f"/console/nominations?{query}").get_data(as_text=True))

    someone = next(n for n in nominations if n.status == "endorsed")
    haizhou = next(n.nominating_org for n in nominations if n.nominating_org and n.nominating_org.name == "海州区总工会")
    cases = {
        "": lambda n: True,
        "status=awaiting_endorsement": lambda n: n.status == "awaiting_endorsement",
        "status=submitted": lambda n: n.status == "submitted",
        "channel=association": lambda n: n.channel.value == "association",
        "channel=self&district=海州区": lambda n: n.channel.value == "self" and n.district == "海州区",
        "district=连云区": lambda n: n.district == "连云区",
        f"q={someone.name}": lambda n: someone.name in (n.name, n.employer_name, n.trade, n.post),
        f"q={someone.mobile}": lambda n: n.mobile == someone.mobile,  # a full number finds its owner
        f"q={someone.mobile[:7]}": lambda n: False,  # a fragment does not: numbers cannot be fished for
        f"org={haizhou.id}": lambda n: haizhou.id in (n.nominating_org_id, n.employer_org_id),
    }
    for query, predicate in cases.items():
        assert page(query) == expected_page(nominations, predicate), query
    second, total = page("page=2")
    assert total == len(nominations) and second == sorted((n.id for n in nominations), reverse=True)[20:40]


def test_lists_mask_mobile_numbers(organizer_console, nominations):
    body = organizer_console.get("/console/nominations").get_data(as_text=True)
    ids, _ = listed(body)
    for nomination in (n for n in nominations if n.id in ids):
        assert nomination.mobile not in body
        assert f"{nomination.mobile[:3]}****{nomination.mobile[-4:]}" in body


def test_htmx_gets_only_the_rows(organizer_console, nominations):
    body = organizer_console.get("/console/nominations?status=awaiting_endorsement",
                                 headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in body
    assert listed(body) == expected_page(nominations, lambda n: n.status == "awaiting_endorsement")


def test_the_detail_shows_every_field_masked_until_revealed_and_the_reveal_is_logged(organizer_console,
                                                                                      nominations, accounts):
    n = next(n for n in nominations if n.nominating_org and n.status == "submitted" and n.files)
    body = organizer_console.get(f"/console/nominations/{n.id}").get_data(as_text=True)
    for text in (n.name, n.gender, n.education, n.trade, n.skill_level, n.post, n.employer_name, n.district,
                 n.nominating_org.name, n.career, n.awards, n.deeds, n.brief,
                 n.trade_since.strftime("%Y年%m月"), f"{n.mobile[:3]}****{n.mobile[-4:]}"):
        assert text and text in body, text
    assert n.mobile not in body and n.birth_month.strftime("%Y年%m月") not in body
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))
                             .where(AuditEntry.action == "nomination.private_viewed")) == 0
    revealed = organizer_console.get(f"/console/nominations/{n.id}/private",
                                     headers={"HX-Request": "true"}).get_data(as_text=True)
    assert n.mobile in revealed and n.political_status in revealed and n.birth_month.strftime("%Y年%m月") in revealed
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "nomination.private_viewed")).one()
    assert entry.target_id == str(n.id) and entry.actor_user_id == accounts["organizer"].id


def test_photos_and_certificates_are_shown_from_the_console(organizer_console, nominations):
    n = next(n for n in nominations if n.files)
    body = organizer_console.get(f"/console/nominations/{n.id}").get_data(as_text=True)
    assert sorted(re.findall(r'data-file-kind="(\w+)"', body)) == sorted(f.kind for f in n.files)
    photo = next(f for f in n.files if f.content_type.startswith("image/"))
    response = organizer_console.get(f"/console/nominations/{n.id}/files/{photo.id}")
    assert response.status_code == 200 and response.mimetype == photo.content_type
    assert response.data[:3] == b"\xff\xd8\xff" or response.data[:4] == b"\x89PNG"
    other = db.session.scalars(sa.select(NominationFile).where(NominationFile.nomination_id != n.id)).first()
    assert organizer_console.get(f"/console/nominations/{n.id}/files/{other.id}").status_code == 404


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
    for nomination in nominations:
        audit.record("nomination.private_viewed", "nomination", nomination.id, actor=accounts["organizer"])
    audit.record("nomination.private_viewed", "nomination", nominations[3].id, actor=accounts["organizer"])
    audit.record("campaign.stage_override", "campaign", 1, actor_label="cli", data={"from": None, "to": "review"})
    db.session.commit()

    def rows(query):
        body = organizer_console.get(f"/console/audit?{query}").get_data(as_text=True)
        return re.findall(r'<tr data-action="([^"]+)"', body), body

    found, _ = rows("action=nomination.private_viewed")
    assert found == ["nomination.private_viewed"] * 50  # the first page
    found, _ = rows(f"target_type=nomination&target_id={nominations[3].id}")
    assert found == ["nomination.private_viewed"] * 2
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
    total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id)))
    pages = (total + 49) // 50
    everything, body = rows("")
    assert len(everything) == 50 and f"第 1 / {pages} 页" in body  # 50 per page, newest first
    seen = len(everything) + sum(len(rows(f"page={p}")[0]) for p in range(2, pages + 1))
    assert seen == total


def test_the_audit_log_offers_no_way_to_change_it(organizer_console):
    body = organizer_console.get("/console/audit").get_data(as_text=True)
    assert 'method="post"' not in body.split("<main")[1]
    assert organizer_console.client.post("/console/audit").status_code in (400, 405)
