"""入围名单 over HTTP as organizers use it: picks by htmx with the counts beside them, the decision with its minutes,
the confirmation and the reopening; experts and other stages are refused."""
from __future__ import annotations

import io
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Nomination, ShortlistPick, User
from app.services.shortlist import board, picks
from tests.console.conftest import EXPERT, csrf_token
from tests.console.shortlist_helpers import MEETING, campaign, qualified_demo
from tests.factories.nominations import set_stage
from tests.factories.shortlist import minutes_docx, minutes_pdf

PAGE = "/console/shortlist"


def organizer() -> User:
    return db.session.scalars(sa.select(User).where(User.username == "zhou")).one()


def htmx(console, path, data=None):
    token = csrf_token(console.get(PAGE).get_data(as_text=True))
    return console.client.post(path, data=data or {}, headers={"HX-Request": "true", "X-CSRFToken": token})


def pick_all(ids) -> None:
    for nomination_id in ids:
        picks.add(organizer(), campaign(), nomination_id)


def save_decision(console, minutes=None, name="纪要.pdf", **fields):
    data = {**MEETING, **fields, "csrf_token": csrf_token(console.get(PAGE).get_data(as_text=True))}
    if minutes is not None:
        data["minutes"] = (io.BytesIO(minutes), name)
    return console.client.post(f"{PAGE}/decision", data=data, content_type="multipart/form-data")


def test_the_builder_lists_the_qualified_and_a_pick_updates_the_row_and_the_counts(organizer_console):
    qualified = qualified_demo()
    page = organizer_console.get(PAGE)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('data-nomination="') == len(qualified) == 58
    assert 'href="/console/shortlist" aria-current="page"' in html  # the nav link
    assert 'id="picked-count">0<' in html and "还差 50 人" in html
    assert 'data-dimension="district"' in html and 'data-dimension="organization"' in html

    first = qualified[0]
    response = htmx(organizer_console, f"{PAGE}/picks/{first.id}")
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert fragment.lstrip().startswith(f'<tr id="pick-{first.id}"') and "移出" in fragment
    assert 'id="shortlist-summary" hx-swap-oob="true"' in fragment and 'id="picked-count">1<' in fragment
    assert 'id="confirm-panel" hx-swap-oob="true"' in fragment and "还差 49 人" in fragment
    district = re.search(r'data-dimension="district".*?</section>', fragment, re.S).group(0)
    assert f'title="{first.district}：已选 1 人' in district

    removed = htmx(organizer_console, f"{PAGE}/picks/{first.id}/remove")
    assert "选入" in removed.get_data(as_text=True) and 'id="picked-count">0<' in removed.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ShortlistPick.id))) == 0


def test_filters_answer_htmx_with_the_rows_only(organizer_console):
    qualified_demo()
    response = organizer_console.client.get(f"{PAGE}?district=赣榆区&show=all", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert "<html" not in html and 'id="shortlist-table"' in html
    expected = db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(
        Nomination.status == "qualified", Nomination.district == "赣榆区"))
    assert html.count('data-nomination="') == expected > 0


def test_a_wrong_size_is_refused_with_a_clear_message_and_nothing_changes(organizer_console):
    qualified = qualified_demo()
    pick_all(n.id for n in qualified[:48])
    assert save_decision(organizer_console, minutes_pdf()).status_code == 302
    page = organizer_console.get(PAGE).get_data(as_text=True)
    assert "入围名单应为 50 人，目前已选 48 人" in page and 'id="open-confirm"' not in page
    response = organizer_console.post(f"{PAGE}/confirm", {"expected": board.build(campaign()).fingerprint},
                                      token_from=PAGE, headers={"Referer": "http://localhost" + PAGE})
    assert response.status_code == 302
    shown = organizer_console.get(PAGE).get_data(as_text=True)
    assert "入围名单应为 50 人（活动设置），目前已选 48 人，还差 2 人" in shown
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(Nomination.status == "finalist")) == 0


def test_decision_form_errors_keep_what_was_typed(organizer_console):
    qualified_demo()
    response = save_decision(organizer_console, b"MZ" + b"\x00" * 64, "纪要.exe", meeting="领导小组第三次会议")
    html = response.get_data(as_text=True)
    assert response.status_code == 415 and "文件类型不支持" in html and 'value="领导小组第三次会议"' in html
    too_big = save_decision(organizer_console, b"%PDF-1.4\n" + b"0" * (organizer_console.client.application
                                                                   .config["MAX_CONTENT_LENGTH"] + 1))
    assert too_big.status_code == 413 and "文件过大" in too_big.get_data(as_text=True)
    response = save_decision(organizer_console, minutes_pdf(), decided_on="2099-01-01")
    assert response.status_code == 422 and "会议日期不能晚于今天" in response.get_data(as_text=True)


def test_confirm_lock_download_minutes_and_reopen(organizer_console):
    qualified = qualified_demo()
    pick_all(n.id for n in qualified[:50])
    assert save_decision(organizer_console, minutes_docx(), "第二次会议纪要.docx").status_code == 302
    page = organizer_console.get(PAGE).get_data(as_text=True)
    assert 'id="open-confirm"' in page and 'id="confirm-dialog"' in page
    expected = re.search(r'name="expected" value="([0-9a-f]+)"', page).group(1)
    response = organizer_console.post(f"{PAGE}/confirm", {"expected": expected}, token_from=PAGE)
    assert response.status_code == 302

    locked = organizer_console.get(PAGE).get_data(as_text=True)
    assert "名单已确认并锁定" in locked and "入围 50 人，未入围 8 人" in locked
    assert 'id="decision-form"' not in locked and "移出" not in locked
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(Nomination.status == "finalist")) == 50
    href = re.search(r'href="(/console/shortlist/decisions/\d+/minutes)" id="minutes-link"', locked).group(1)
    download = organizer_console.get(href)
    assert download.status_code == 200 and download.data[:2] == b"PK"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")

    # Each nominee's history says how they got there.
    finalist_page = organizer_console.get(f"/console/nominations/{qualified[0].id}").get_data(as_text=True)
    assert "领导小组决定：入围" in finalist_page and "选入入围名单" in finalist_page
    other_page = organizer_console.get(f"/console/nominations/{qualified[55].id}").get_data(as_text=True)
    assert "领导小组决定：未入围" in other_page

    refused = htmx(organizer_console, f"{PAGE}/picks/{qualified[55].id}")
    assert refused.status_code == 409 and "已经领导小组决定确认并锁定" in refused.get_data(as_text=True)

    assert organizer_console.post(f"{PAGE}/reopen", {"reason": "领导小组复议"}, token_from=PAGE).status_code == 302
    reopened = organizer_console.get(PAGE).get_data(as_text=True)
    assert "重新开放记录" in reopened and "领导小组复议" in reopened and 'id="decision-form"' in reopened
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id)).where(Nomination.status == "qualified")) == 58
    log = organizer_console.get("/console/audit").get_data(as_text=True)
    for sentence in ("确认了", "重新开放了已确认的", "记录了", "选入入围名单"):
        assert sentence in log
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.action.like("shortlist.%"))))
    assert actions == {"shortlist.pick", "shortlist.decision_saved", "shortlist.confirm", "shortlist.reopen"}


def test_outside_the_review_stage_the_list_is_read_only(organizer_console):
    qualified = qualified_demo()
    set_stage("promotion")
    html = organizer_console.get(PAGE).get_data(as_text=True)
    assert "当前不在考察审核阶段" in html and "选入</button>" not in html
    refused = htmx(organizer_console, f"{PAGE}/picks/{qualified[0].id}")
    assert refused.status_code == 409 and "仅在考察审核阶段" in refused.get_data(as_text=True)


def test_experts_are_refused(console):
    qualified_demo()
    assert console.login(EXPERT).status_code == 302
    assert console.get(PAGE).status_code == 403
    assert "入围名单" not in console.get("/console/expert").get_data(as_text=True)


def test_dashboard_counts_finalists_and_not_shortlisted(organizer_console):
    qualified = qualified_demo()
    for n in qualified[:50]:
        n.status = "finalist"
    for n in qualified[50:]:
        n.status = "not_shortlisted"
    db.session.commit()
    html = organizer_console.get("/console/dashboard").get_data(as_text=True)
    assert re.search(r'data-kpi="finalists">50<', html) and re.search(r'data-kpi="not_shortlisted">8<', html)
