"""The console's 考察审核 pages over HTTP: the queue, the review page, confirmations, check records, decisions."""
from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Nomination, NominationChannel, NominationReview, Notification, ReviewCheck
from app.services.campaigns import stages
from tests.console.conftest import EXPERT, csrf_token
from tests.factories.nominations import pdf_bytes


@pytest.fixture
def in_review(organizer_console):
    stages.set_override(stages.current_campaign(), "review", actor_label="test")
    db.session.commit()
    return organizer_console


def _union(k: int = 0) -> Nomination:
    return list(db.session.scalars(sa.select(Nomination).where(Nomination.channel == NominationChannel.union,
                                                               Nomination.status == "submitted")
                                   .order_by(Nomination.id)))[k]


def _version(html: str) -> str:
    return re.search(r'name="version" value="(\d+)" id="version-qualified"', html).group(1)


def _page(console, nomination_id: int) -> str:
    response = console.get(f"/console/review/{nomination_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _confirm_all(console, nomination_id: int) -> None:
    url = f"/console/review/{nomination_id}"
    assert console.post(f"{url}/items/confirm-passing", token_from=url).status_code == 302
    html = _page(console, nomination_id)
    for key in re.findall(r'data-item="(\w+)" data-auto="(?:manual|fail)" data-confirmed=""', html):
        response = console.post(f"{url}/items/{key}", {"result": "pass", "note": "经实地了解核实"}, token_from=url,
                                headers={"HX-Request": "true"})
        assert response.status_code == 200 and "field-error" not in response.get_data(as_text=True)


def test_the_queue_lists_filters_and_counts(in_review):
    response = in_review.get("/console/review")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "考察审核" in html
    assert re.search(r'data-state="open" aria-current="page">待处理 <strong class="count">58</strong>', html)
    assert re.search(r'data-state="qualified"\s*>合格 <strong class="count">0</strong>', html)
    assert html.count('<tr data-nomination=') == 20 and "第 1 / 3 页" in html
    union = _union()
    response = in_review.get(f"/console/review?org={union.nominating_org_id}&state=pending", headers={"HX-Request": "true"})
    rows = re.findall(r'<tr data-nomination="(\d+)"', response.get_data(as_text=True))
    expected = db.session.scalars(sa.select(Nomination.id).where(Nomination.nominating_org_id == union.nominating_org_id,
                                                                Nomination.status == "submitted"))
    assert sorted(map(int, rows)) == sorted(expected) and "<html" not in response.get_data(as_text=True)
    response = in_review.get("/console/review?priority=chief&per_page=100")
    chiefs = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.priority_chief_employee.is_(True), Nomination.status.in_(("submitted", "endorsed"))))
    assert response.get_data(as_text=True).count("<tr data-nomination=") == chiefs
    assert in_review.get("/console/review?state=bogus").status_code == 400
    assert in_review.get("/console/review?org=99999999999").status_code == 400


def test_the_review_page_shows_the_person_the_checklist_and_the_forms(in_review):
    union = _union()
    html = _page(in_review, union.id)
    assert union.name in html and union.employer_name in html and "审核清单" in html
    for label in ("在本市企事业单位工作", "从事本工种（专业）五年以上", "遵纪守法、品行良好", "具备四项推荐条件之一",
                  "未获得过“港城工匠”称号", "申报材料齐全", "未超出集中推荐名额", "没有重复推荐"):
        assert label in html
    assert union.mobile not in html and "显示完整个人信息" in html  # private fields on request, logged
    assert 'id="form-qualified"' in html and 'id="form-returned"' in html and 'id="form-rejected"' in html
    assert _version(html) == "0" and 'id="decide-qualified" disabled' in html
    assert in_review.get("/console/review/99999").status_code == 404


def test_confirming_an_item_with_htmx_answers_the_checklist_and_the_new_version(in_review):
    union = _union()
    url = f"/console/review/{union.id}"
    refused = in_review.post(f"{url}/items/good_standing", {"result": "fail", "note": ""}, token_from=url,
                             headers={"HX-Request": "true"})
    assert refused.status_code == 200 and "确认为“不符合”时，请写明原因" in refused.get_data(as_text=True)
    response = in_review.post(f"{url}/items/good_standing", {"result": "pass", "note": "走访车间，群众评价好"},
                              token_from=url, headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and fragment.lstrip().startswith("<article id=\"checklist\">")
    assert 'id="version-qualified" hx-swap-oob="true"' in fragment and 'value="1" id="version-rejected"' in fragment
    assert "走访车间，群众评价好" in fragment and 'hx-swap-oob="true">' in fragment
    db.session.expire_all()
    assert db.session.get(Nomination, union.id).status == "under_review"
    assert in_review.post(f"{url}/items/nonsense", {"result": "pass"}, token_from=url).status_code == 404


def test_a_qualified_decision_through_the_page(in_review):
    union = _union()
    url = f"/console/review/{union.id}"
    _confirm_all(in_review, union.id)
    html = _page(in_review, union.id)
    assert 'id="decide-qualified" disabled' not in html
    response = in_review.post(f"{url}/decision", {"decision": "qualified", "version": _version(html),
                                                  "note": "事迹属实"}, token_from=url)
    assert response.status_code == 302
    html = _page(in_review, union.id)
    assert "审核结论" in html and "审核合格" in html and "事迹属实" in html and 'id="form-qualified"' not in html
    assert 'id="next-in-queue"' in html
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "review.qualified")) == 1
    detail = in_review.get(f"/console/nominations/{union.id}").get_data(as_text=True)
    assert 'id="to-review"' in detail and '<tr data-action="review.qualified">' in detail and "审核合格" in detail
    log = in_review.get("/console/audit?action=review.qualified").get_data(as_text=True)
    assert f"审核 <a href=\"/console/nominations/{union.id}\">{union.name}</a>：合格" in log


def test_a_stale_post_is_a_409_naming_who_decided_and_changes_nothing(in_review, client, accounts):
    union = _union()
    url = f"/console/review/{union.id}"
    old_page = _page(in_review, union.id)
    token = csrf_token(old_page)
    # Another organizer rejects it meanwhile (same service, another account).
    from app.services.review import decisions

    decisions.reject(accounts["organizer"], union.id, 0, "经核实不符合条件")
    response = in_review.client.post(f"{url}/decision", data={"csrf_token": token, "decision": "qualified",
                                                               "version": _version(old_page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "该推荐对象已由周主任于" in html and "处理（不予通过）" in html
    db.session.expire_all()
    assert db.session.get(Nomination, union.id).status == "rejected"
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action.like("review.%"))) == 1


def test_return_and_reject_validate_their_fields(in_review):
    union, other = _union(0), _union(1)
    url = f"/console/review/{union.id}"
    today = stages.local_today(stages.current_campaign())
    response = in_review.post(f"{url}/decision", {"decision": "returned", "version": "0", "items": ["story"],
                                                  "resubmit_by": (today - timedelta(days=1)).isoformat()}, token_from=url)
    assert response.status_code == 400 and "补充截止日期不能早于今天" in response.get_data(as_text=True)
    response = in_review.post(f"{url}/decision", {"decision": "returned", "version": "0", "items": ["story", "work_photo"],
                                                  "note": "工作照不清晰", "resubmit_by": (today + timedelta(days=7)).isoformat()},
                              token_from=url)
    assert response.status_code == 302
    db.session.expire_all()
    returned = db.session.get(Nomination, union.id)
    assert returned.status == "returned" and returned.return_reason.startswith("请补充：事迹简介")
    assert "补充截止日期" in _page(in_review, union.id)
    assert in_review.get("/console/review?state=returned").get_data(as_text=True).count("<tr data-nomination=") == 1

    url = f"/console/review/{other.id}"
    response = in_review.post(f"{url}/decision", {"decision": "rejected", "version": "0", "reason": ""}, token_from=url)
    assert response.status_code == 400 and "请写明不予通过的原因" in response.get_data(as_text=True)
    response = in_review.post(f"{url}/decision", {"decision": "maybe", "version": "0"}, token_from=url)
    assert response.status_code == 400
    assert db.session.get(Nomination, other.id).status == "submitted"
    assert db.session.scalar(sa.select(sa.func.count(Notification.id)).where(Notification.event == "review_returned"))


def test_a_check_record_with_files_through_the_page(in_review):
    union = _union()
    url = f"/console/review/{union.id}"
    today = stages.local_today(stages.current_campaign()).isoformat()
    token = csrf_token(_page(in_review, union.id))
    response = in_review.client.post(f"{url}/checks", data={
        "csrf_token": token, "method": "site_visit", "checked_on": today, "checked_by": "周姝彤、苏常霞",
        "notes": "到车间实地了解，班组成员评价一致", "files": [(io.BytesIO(pdf_bytes()), "走访记录.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    html = _page(in_review, union.id)
    assert "实地了解" in html and "到车间实地了解" in html and "走访记录.pdf" in html
    record = db.session.scalars(sa.select(ReviewCheck)).one()
    download = in_review.get(f"{url}/checks/files/{record.files[0].id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    assert download.headers["Content-Disposition"].startswith("attachment")
    token = csrf_token(html)
    response = in_review.client.post(f"{url}/checks", data={
        "csrf_token": token, "method": "", "checked_on": today, "checked_by": "", "notes": "x"},
        content_type="multipart/form-data")
    assert response.status_code == 400 and "请选择核查方式" in response.get_data(as_text=True)
    response = in_review.client.post(f"{url}/checks", data={
        "csrf_token": token, "method": "skills_contest", "checked_on": today, "checked_by": "周姝彤", "notes": "比武",
        "files": [(io.BytesIO(b"plain text, not a file we keep"), "a.txt")]}, content_type="multipart/form-data")
    assert response.status_code == 415 and db.session.scalar(sa.select(sa.func.count(ReviewCheck.id))) == 1


def test_outside_the_review_stage_the_page_only_shows(organizer_console):
    union = _union()
    html = _page(organizer_console, union.id)
    assert 'id="stage-closed"' in html and 'id="form-qualified"' not in html and 'hx-post=' not in html
    url = f"/console/review/{union.id}"
    response = organizer_console.post(f"{url}/decision", {"decision": "rejected", "version": "0", "reason": "不符合"},
                                      token_from=url)
    assert response.status_code == 409 and "当前阶段不能考察审核" in response.get_data(as_text=True)
    assert not db.session.scalar(sa.select(sa.func.count(NominationReview.id)))


def test_experts_cannot_review(console):
    assert console.login(EXPERT).status_code == 302
    assert console.get("/console/review").status_code == 403
    assert console.get(f"/console/review/{_union().id}").status_code == 403


def test_the_dashboard_counts_review_states(in_review):
    from app.services.review import decisions

    union = _union()
    html = in_review.get("/console/dashboard").get_data(as_text=True)
    assert '<strong data-review="pending">58</strong>' in html and '<strong data-review="rejected">0</strong>' in html
    from app.models import User

    decisions.reject(db.session.scalars(sa.select(User).where(User.username == "zhou")).one(), union.id, 0, "不符合条件")
    html = in_review.get("/console/dashboard").get_data(as_text=True)
    assert '<strong data-review="pending">57</strong>' in html and '<strong data-review="rejected">1</strong>' in html
    assert "进入审核队列" in html and ">考察审核</a>" in html


def test_a_resubmission_after_a_return_comes_back_to_the_queue(in_review, accounts):
    from app.services.review import decisions

    union = _union()
    today = stages.local_today(stages.current_campaign())
    decisions.return_for_more(accounts["organizer"], union.id, 0, items=["story"], resubmit_by=today)
    returned = in_review.get("/console/review?state=returned").get_data(as_text=True)
    assert f'<tr data-nomination="{union.id}" data-state="returned">' in returned and "补充截止" in returned
    # The nominee completes and resubmits (services/nominations, built beside this): it comes back under review.
    nomination = db.session.get(Nomination, union.id)
    nomination.status = "under_review"
    db.session.commit()
    queue_html = in_review.get("/console/review?state=in_review").get_data(as_text=True)
    assert f'<tr data-nomination="{union.id}" data-state="in_review">' in queue_html and "补充后重新提交" in queue_html
    html = _page(in_review, union.id)
    assert 'id="resubmitted"' in html and "请补充：事迹简介（1500字左右）。" in html and 'id="form-qualified"' in html
    _confirm_all(in_review, union.id)
    html = _page(in_review, union.id)
    url = f"/console/review/{union.id}"
    response = in_review.post(f"{url}/decision", {"decision": "qualified", "version": _version(html)}, token_from=url)
    assert response.status_code == 302
    actions = list(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.target_id == str(union.id), AuditEntry.action.in_(("review.returned", "review.qualified")))
        .order_by(AuditEntry.id)))
    assert actions == ["review.returned", "review.qualified"]
