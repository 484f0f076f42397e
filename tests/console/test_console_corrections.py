"""Organizers correct a submitted nomination (a typo, a corrected employer): a reason, before/after in the log."""
import html
import re

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Nomination, Notification
from tests.console.conftest import EXPERT


def _submitted(nominations, status="endorsed") -> Nomination:
    return next(n for n in nominations if n.status == status and n.nominee_user_id)


def _form_of(body: str) -> dict:
    """What the browser would send from the correction form as shown (inputs, selected options, textareas)."""
    form = re.search(r'<form method="post" action="[^"]*/corrections" id="correction-form">(.*?)</form>', body, re.S)
    assert form, "the page has no correction form"
    part, values = form.group(1), {}
    for name, value in re.findall(r'<input type="(?:text|month)" name="(\w+)" value="([^"]*)"', part):
        values[name] = html.unescape(value)
    for name, inner in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', part, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', inner)
        values[name] = html.unescape(chosen.group(1)) if chosen else ""
    for name, text in re.findall(r'<textarea name="(\w+)"[^>]*>(.*?)</textarea>', part, re.S):
        values[name] = html.unescape(text)
    return values


def _entries(nomination_id):
    return db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "nomination.corrected", AuditEntry.target_id == str(nomination_id))).all()


def test_an_organizer_corrects_the_employer_and_mobile_with_a_reason(organizer_console, nominations, accounts):
    n = _submitted(nominations)
    old_employer, old_mobile, nominee_id = n.employer_name, n.mobile, n.nominee_user_id
    page = f"/console/nominations/{n.id}"
    body = organizer_console.get(page).get_data(as_text=True)
    values = _form_of(body)
    assert values["employer_name"] == old_employer and values["name"] == n.name
    assert values["mobile"] == "" and old_mobile not in body  # private fields are never prefilled in full

    values.update(employer_name="连云港港口控股集团有限公司", mobile="13912341234",
                  reason="工作单位名称填写有误，据单位来函更正；手机号已更换")
    response = organizer_console.post(f"{page}/corrections", values, token_from=page)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{page}#correction")

    detail = organizer_console.get(page).get_data(as_text=True)
    assert "已更正联系方式（手机）、工作单位" in detail  # the flash, then the history row
    assert "市总工会更正推荐信息" in detail

    db.session.expire_all()
    n = db.session.get(Nomination, n.id)
    assert (n.employer_name, n.mobile) == ("连云港港口控股集团有限公司", "13912341234")
    entry = _entries(n.id)[0]
    assert entry.actor_user_id == accounts["organizer"].id and entry.reason.startswith("工作单位名称填写有误")
    masked_old = f"{old_mobile[:3]}****{old_mobile[-4:]}"
    assert entry.data["changes"] == [
        {"field": "mobile", "before": masked_old, "after": "139****1234"},
        {"field": "employer_name", "before": old_employer, "after": "连云港港口控股集团有限公司"}]
    told = db.session.scalars(sa.select(Notification).where(Notification.event == "nomination_corrected")).all()
    assert nominee_id in {t.user_id for t in told}
    assert "工作单位" in told[0].body and "据单位来函更正" in told[0].body

    log = organizer_console.get(f"/console/audit?action=nomination.corrected").get_data(as_text=True)
    assert "更正了" in log and "（2 项）" in log
    assert f"工作单位：{old_employer} → 连云港港口控股集团有限公司" in log
    assert f"联系方式（手机）：{masked_old} → 139****1234" in log
    assert "13912341234" not in log and old_mobile not in log


def test_a_reason_is_required_and_bad_input_changes_nothing(organizer_console, nominations):
    n = _submitted(nominations)
    page = f"/console/nominations/{n.id}"
    before = (n.employer_name, n.mobile, n.name, n.story)
    values = _form_of(organizer_console.get(page).get_data(as_text=True))

    cases = [
        (dict(values, employer_name="新单位", reason="  "), 400, "reason", "请填写更正原因"),
        (dict(values, mobile="12345", reason="更正手机号"), 400, "mobile", "请填写11位手机号码"),
        (dict(values, name="", reason="更正姓名"), 400, "name", "此项为必填项"),
        (dict(values, story="太短。", reason="更正事迹"), 400, "story", "事迹简介应为"),
        (dict(values, reason="没有改任何内容"), 400, None, "所填内容与推荐表相同"),
    ]
    for data, status, field, message in cases:
        response = organizer_console.post(f"{page}/corrections", data, token_from=page)
        body = response.get_data(as_text=True)
        assert response.status_code == status, (field, body[:300])
        assert message in body, field
        if field:
            assert f'id="{field}-error"' in body, field
        assert "<details open>" in body  # the form stays open with what was typed
    other = next(o for o in nominations if o.status in ("submitted", "endorsed") and o.id != n.id)
    clash = organizer_console.post(f"{page}/corrections", dict(values, mobile=other.mobile, reason="更正手机号"),
                                   token_from=page)
    assert clash.status_code == 409 and "为同一人" in clash.get_data(as_text=True)

    db.session.expire_all()
    n = db.session.get(Nomination, n.id)
    assert (n.employer_name, n.mobile, n.name, n.story) == before
    assert _entries(n.id) == []


def test_drafts_are_the_filers_to_change(organizer_console, nominations):
    draft = db.session.get(Nomination, _submitted(nominations).id)
    draft.status = "draft"
    db.session.commit()
    page = f"/console/nominations/{draft.id}"
    assert 'id="correction-form"' not in organizer_console.get(page).get_data(as_text=True)
    refused = organizer_console.post(f"{page}/corrections", {"reason": "更正姓名", "name": "王五"},
                                     token_from="/console/nominations")
    assert refused.status_code == 409 and "草稿由填报人自己修改" in refused.get_data(as_text=True)
    assert _entries(draft.id) == []


def test_experts_cannot_correct(console, nominations):
    n = _submitted(nominations)
    console.login(EXPERT)
    response = console.post(f"/console/nominations/{n.id}/corrections", {"reason": "更正姓名", "name": "王五"},
                            token_from="/console/expert")
    assert response.status_code == 403
    assert _entries(n.id) == []


def test_a_typo_in_the_story_is_logged_around_what_changed(organizer_console, nominations):
    n = _submitted(nominations)
    page = f"/console/nominations/{n.id}"
    values = _form_of(organizer_console.get(page).get_data(as_text=True))
    middle = len(n.story) // 2
    fixed = n.story[:middle] + "（更正）" + n.story[middle:]
    response = organizer_console.post(f"{page}/corrections", dict(values, story=fixed, reason="事迹简介补一处漏字"),
                                      token_from=page)
    assert response.status_code == 302
    log = organizer_console.get("/console/audit?action=nomination.corrected").get_data(as_text=True)
    item = re.search(r'<ul class="changes">(.*?)</ul>', log, re.S).group(1)
    assert "事迹简介：…" in item and "（更正）" in item
    assert len(re.sub(r"<[^>]+>", "", item)) < 200  # the change in context, not 1,500 characters twice


def test_fields_left_out_of_the_request_stay_as_they_are(organizer_console, nominations):
    n = _submitted(nominations)
    page = f"/console/nominations/{n.id}"
    before = (n.name, n.post, n.story, n.mobile)
    response = organizer_console.post(f"{page}/corrections", {"employer_name": "连云港港口控股集团有限公司",
                                                              "reason": "据单位来函更正"}, token_from=page)
    assert response.status_code == 302
    db.session.expire_all()
    n = db.session.get(Nomination, n.id)
    assert n.employer_name == "连云港港口控股集团有限公司" and (n.name, n.post, n.story, n.mobile) == before
    assert [c["field"] for c in _entries(n.id)[0].data["changes"]] == ["employer_name"]
