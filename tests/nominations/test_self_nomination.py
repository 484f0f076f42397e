"""A worker's self-nomination through the HTTP API, and every rule that refuses a submission."""
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Nomination, Notification
from tests.factories.nominations import (attach_materials, campaign, complete_self_draft, form,  # noqa: F401
                                         jpeg_bytes, set_stage, upload, user_named)


def test_complete_self_nomination_is_submitted_through_the_api(client, login, campaign):
    alice = login("alice")
    rules = client.get("/api/v1/nominations/rules").get_json()
    assert rules["limits"]["deeds_max"] == 800 and rules["limits"]["work_photo"] == 2
    assert rules["options"]["conditions"]["1"] == "具有工艺专长"
    assert "请上传1张彩色证件照" == rules["messages"]["id_photo_count"]

    created = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice)
    assert created.status_code == 201
    draft = created.get_json()
    assert (draft["status"], draft["channel"], draft["status_label"]) == ("draft", "self", "草稿")

    nomination_id = draft["id"]
    changed = client.patch(f"/api/v1/nominations/{nomination_id}", json=form(), headers=alice).get_json()
    assert changed["birth_month"] == "1980-05" and changed["privacy_consent"] is True
    attach_materials(client, alice, nomination_id)
    files = client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()["files"]
    assert sorted(f["kind"] for f in files) == ["certificate", "id_photo", "work_photo", "work_photo"]

    submitted = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert submitted.status_code == 200, submitted.get_json()
    body = submitted.get_json()
    assert body["status"] == "awaiting_endorsement" and body["submitted_at"]
    assert [n["id"] for n in client.get("/api/v1/me/nominations", headers=alice).get_json()["items"]] == [nomination_id]

    alice_id = user_named("alice").id
    assert db.session.scalars(sa.select(Notification.event).where(Notification.user_id == alice_id)).all() == [
        "nomination_received"]
    assert db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.target_type == "nomination", AuditEntry.target_id == str(nomination_id))).all() \
        == ["nomination.submit"]
    # Once submitted, the form is frozen.
    again = client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "车间主任"}, headers=alice)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "not_editable"
    resubmit = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice)
    assert resubmit.status_code == 409


def _submit_refusal(client, headers, nomination_id):
    response = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=headers)
    assert db.session.get(Nomination, nomination_id).status == "draft"  # nothing changed
    return response


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"post": None}, "post", "此项为必填项"),
    ({"mobile": None}, "mobile", "此项为必填项"),
    ({"story": "太短的事迹简介。"}, "story", "事迹简介应为1200至1800字"),
    ({"trade_since": "2022-01"}, "trade_since", "从事本工种（专业）须满5年"),
    ({"conditions": []}, "conditions", "请至少选择一项推荐条件"),
    ({"privacy_consent": False}, "privacy_consent", "请阅读并同意个人信息使用说明"),
])
def test_an_incomplete_form_is_refused_naming_the_field_and_the_rule(client, login, campaign, changes, field, message):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json=changes, headers=alice).status_code == 200
    response = _submit_refusal(client, alice, nomination_id)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "nomination_incomplete"
    assert list(error["details"]["fields"]) == [field]
    assert error["details"]["fields"][field].startswith(message)


@pytest.mark.parametrize(("kind", "keep", "field", "message"), [
    ("id_photo", 0, "id_photo", "请上传1张彩色证件照"),
    ("work_photo", 1, "work_photo", "请上传2张工作照"),
    ("certificate", 0, "certificate", "请至少上传1份主要荣誉证书复印件"),
])
def test_missing_materials_are_refused(client, login, campaign, kind, keep, field, message):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    files = client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()["files"]
    for row in [f for f in files if f["kind"] == kind][keep:]:
        assert client.delete(f"/api/v1/nominations/{nomination_id}/files/{row['id']}", headers=alice).status_code == 204
    response = _submit_refusal(client, alice, nomination_id)
    assert response.status_code == 400
    assert response.get_json()["error"]["details"]["fields"][field].startswith(message)


def test_more_photos_than_the_form_takes_are_refused_at_upload(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    response = upload(client, alice, nomination_id, "id_photo", jpeg_bytes())
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "too_many_files"
    assert "证件照最多1份" in response.get_json()["error"]["message"]


def test_deeds_over_800_characters_are_refused_when_saved_and_when_submitted(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    saved = client.patch(f"/api/v1/nominations/{nomination_id}", json={"deeds": "事" * 801}, headers=alice)
    assert saved.status_code == 400
    assert saved.get_json()["error"]["details"]["fields"] == {"deeds": "主要事迹须在800字以内"}
    # Text that came another way (an import, an older client) is still checked at submission.
    db.session.get(Nomination, nomination_id).deeds = "事" * 801
    db.session.commit()
    response = _submit_refusal(client, alice, nomination_id)
    assert response.get_json()["error"]["details"]["fields"] == {"deeds": "主要事迹须在800字以内"}


def test_submission_is_refused_when_the_nomination_stage_is_closed(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    set_stage("review")
    response = _submit_refusal(client, alice, nomination_id)
    assert response.status_code == 409
    assert response.get_json()["error"] == {"code": "stage_closed", "message": "当前阶段未开放推荐申报"}
    assert client.post("/api/v1/nominations", json={"channel": "self"}, headers=login("bob")).status_code == 409


def test_invalid_values_are_refused_field_by_field_and_change_nothing(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    before = client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()
    response = client.patch(f"/api/v1/nominations/{nomination_id}", headers=alice, json={
        "post": "新岗位", "mobile": "12345", "gender": "未知", "birth_month": "1980/05",
        "conditions": [{"condition": 5, "evidence": "无"}], "employer_org_id": 999999})
    assert response.status_code == 400
    fields = response.get_json()["error"]["details"]["fields"]
    assert fields == {"mobile": "请填写11位手机号码", "gender": "请从给定选项中选择",
                      "birth_month": "请按“年-月”填写，例如 1985-06",
                      "conditions": "推荐条件应为1至4项，每项须写明依据（500字以内），且不重复",
                      "employer_org_id": "所选单位不存在或不能认可申报（须为用人单位或行业协会）"}
    after = client.get(f"/api/v1/nominations/{nomination_id}", headers=alice).get_json()
    assert after["post"] == before["post"] == "数控车间班长"
    unknown = client.patch(f"/api/v1/nominations/{nomination_id}", json={"status": "finalist"}, headers=alice)
    assert unknown.status_code == 400 and unknown.get_json()["error"]["details"]["fields"] == {"status": ["不支持的字段"]}


def test_one_self_nomination_per_worker(client, login, campaign):
    alice = login("alice")
    first = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).get_json()
    second = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice)
    assert second.status_code == 409
    assert second.get_json()["error"]["details"] == {"id": first["id"]}
    other_channel = client.post("/api/v1/nominations", json={"channel": "union"}, headers=alice)
    assert other_channel.status_code == 400


def test_others_cannot_see_or_change_a_nomination(client, login, campaign):
    alice, bob = login("alice"), login("bob")
    nomination_id = complete_self_draft(client, alice)
    assert client.get(f"/api/v1/nominations/{nomination_id}").status_code == 401
    assert client.get(f"/api/v1/nominations/{nomination_id}", headers=bob).status_code == 404
    assert client.patch(f"/api/v1/nominations/{nomination_id}", json={"post": "x"}, headers=bob).status_code == 404
    assert upload(client, bob, nomination_id, "work_photo", jpeg_bytes()).status_code == 404
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=bob).status_code == 404
    assert client.get(f"/api/v1/nominations/{nomination_id}/form.docx", headers=bob).status_code == 404


def test_a_worker_may_withdraw_and_then_start_again(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice).status_code == 200
    withdrawn = client.post(f"/api/v1/nominations/{nomination_id}/withdraw", json={"reason": "材料需补充"}, headers=alice)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    assert client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice).status_code == 201


def test_the_nomination_api_is_in_the_openapi_document(client):
    spec = client.get("/api/openapi.json").get_json()
    assert {"/api/v1/nominations", "/api/v1/nominations/{nomination_id}", "/api/v1/nominations/{nomination_id}/submit",
            "/api/v1/nominations/{nomination_id}/files", "/api/v1/files/{file_id}", "/api/v1/me/nominations",
            "/api/v1/organizations/mine", "/api/v1/organizations/{org_id}/nominations", "/api/v1/leads",
            "/api/v1/nominees", "/api/v1/nominees/{nominee_id}", "/api/v1/invitations/claim"} <= set(spec["paths"])
    upload_body = spec["paths"]["/api/v1/nominations/{nomination_id}/files"]["post"]["requestBody"]["content"]
    assert "multipart/form-data" in upload_body
    public = spec["components"]["schemas"]["PublicNominee"]["properties"]
    assert not {"mobile", "birth_month", "political_status"} & set(public)


def test_inbox_times_carry_their_offset_like_every_other_api_time(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    submitted = client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice).get_json()
    assert submitted["submitted_at"].endswith("+00:00")
    from app.services.notifications import outbox

    outbox.deliver_due()  # what the worker does
    items = client.get("/api/v1/me/notifications", headers=alice).get_json()["items"]
    assert items and all(n["created_at"].endswith("+00:00") for n in items)
