"""The public notice and objections over HTTP: public fields only, the window, the daily limit, one's own list."""
from __future__ import annotations

import io
import json

import sqlalchemy as sa

from app.extensions import db
from app.models import Objection
from app.services.results import notice
from tests.factories.likes import auth, make_user
from tests.factories.nominations import jpeg_bytes
from tests.factories.results import close_window, confirmed

BODY = {"real_name": "李明", "mobile": "13912345678", "relation": "colleague",
        "content": "该同志申报的技术比武名次与实际不符，有比赛成绩册可以核对。"}


def test_results_show_public_fields_only(likes_app, client):
    setup = confirmed(6, 2, 2, publish=False)
    unpublished = client.get("/api/v1/results").get_json()
    assert unpublished["published"] is False and unpublished["top_winners"] == []  # confirmed is not yet public
    notice.publish(setup["organizer"], setup["campaign"])
    user = make_user("objector")
    client.post("/api/v1/objections", json={**BODY, "nomination_id": setup["finalists"][0].id}, headers=auth(user))
    answer = client.get("/api/v1/results")
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["state"] == "open" and data["starts_on"] and data["ends_on"]
    assert [p["title"] for p in data["top_winners"]] == ["港城十大工匠"] * 2
    assert [p["name"] for p in data["winners"]] == [f.name for f in setup["finalists"][2:4]]
    text = json.dumps(data, ensure_ascii=False)
    for finalist in setup["finalists"]:
        assert finalist.mobile not in text  # the nominee's private data
    assert "13912345678" not in text and "李明" not in text and "成绩册" not in text  # nor anything of objections
    assert setup["finalists"][5].name not in text  # the not selected are not named
    assert set(data["top_winners"][0]) == {"nomination_id", "name", "employer", "trade", "title", "group", "promoted"}


def test_an_objection_with_evidence_and_the_objectors_own_list(likes_app, client):
    setup = confirmed(4, 1, 1)
    headers = auth(make_user("objector"))
    made = client.post("/api/v1/objections", json={**BODY, "nomination_id": setup["finalists"][1].id}, headers=headers)
    assert made.status_code == 201, made.get_json()
    objection_id = made.get_json()["id"]
    sent = client.post(f"/api/v1/objections/{objection_id}/files", headers=headers,
                       data={"file": (io.BytesIO(jpeg_bytes()), "证据.jpg")})
    assert sent.status_code == 201, sent.get_json()
    bad = client.post(f"/api/v1/objections/{objection_id}/files", headers=headers,
                      data={"file": (io.BytesIO(b"not a picture"), "x.jpg")})
    assert bad.status_code in (400, 415) and bad.get_json()["error"]["message"]
    other = client.post(f"/api/v1/objections/{objection_id}/files", headers=auth(make_user()),
                        data={"file": (io.BytesIO(jpeg_bytes()), "证据.jpg")})
    assert other.status_code == 404
    mine = client.get("/api/v1/me/objections", headers=headers).get_json()["items"]
    assert [(o["id"], o["status_label"], o["evidence_count"]) for o in mine] == [(objection_id, "已收到", 1)]
    assert client.get("/api/v1/me/objections", headers=auth(make_user())).get_json()["items"] == []
    assert client.post("/api/v1/objections", json={**BODY, "nomination_id": setup["finalists"][1].id}).status_code == 401


def test_the_daily_limit(likes_app, client, app, monkeypatch):
    monkeypatch.setitem(app.config, "OBJECTIONS_PER_USER_PER_DAY", 2)
    setup = confirmed(4, 1, 1)
    headers = auth(make_user("busy"))
    body = {**BODY, "nomination_id": setup["finalists"][0].id}
    assert [client.post("/api/v1/objections", json=body, headers=headers).status_code for _ in range(2)] == [201, 201]
    third = client.post("/api/v1/objections", json=body, headers=headers)
    assert third.status_code == 429 and "每人每天最多提交2条异议" in third.get_json()["error"]["message"]
    assert db.session.scalar(sa.select(sa.func.count(Objection.id))) == 2
    assert client.post("/api/v1/objections", json=body, headers=auth(make_user())).status_code == 201


def test_refused_after_the_window_closes(likes_app, client):
    setup = confirmed(4, 1, 1)
    close_window(setup["campaign"])
    late = client.post("/api/v1/objections", json={**BODY, "nomination_id": setup["finalists"][0].id},
                       headers=auth(make_user()))
    assert late.status_code == 409
    assert late.get_json()["error"]["code"] == "notice_closed" and "不再受理异议" in late.get_json()["error"]["message"]
    assert client.get("/api/v1/results").get_json()["state"] == "closed"


def test_bad_input_is_a_clear_error_and_changes_nothing(likes_app, client):
    setup = confirmed(4, 1, 1)
    headers = auth(make_user())
    bad = client.post("/api/v1/objections", json={**BODY, "mobile": "12345", "nomination_id": setup["finalists"][0].id},
                      headers=headers)
    assert bad.status_code == 400 and bad.get_json()["error"]["details"]["fields"]["mobile"] == "请填写11位手机号码"
    unfit = client.post("/api/v1/objections", headers=headers, json={
        **BODY, "content": "此人组织刷票拉票，请核查处理，证据见附件。", "nomination_id": setup["finalists"][0].id})
    assert unfit.status_code == 400 and unfit.get_json()["error"]["code"] == "content_rejected"
    assert db.session.scalar(sa.select(sa.func.count(Objection.id))) == 0


def test_the_stage_switch_pauses_objections_within_the_window(likes_app, client):
    setup = confirmed(4, 1, 1)
    setup["campaign"].stage("evaluation").objections_open = False
    db.session.commit()
    paused = client.post("/api/v1/objections", json={**BODY, "nomination_id": setup["finalists"][0].id},
                         headers=auth(make_user()))
    assert paused.status_code == 409 and paused.get_json()["error"]["code"] == "objections_paused"
    assert db.session.scalar(sa.select(sa.func.count(Objection.id))) == 0
    setup["campaign"].stage("evaluation").objections_open = True
    db.session.commit()
    taken = client.post("/api/v1/objections", json={**BODY, "nomination_id": setup["finalists"][0].id},
                        headers=auth(make_user()))
    assert taken.status_code == 201, taken.get_json()


def test_the_cached_results_change_with_each_step_of_the_notice(likes_app, client):
    """/results is served from the public cache; confirming, publishing, disqualifying and moving up show at once."""
    from app.services.results import confirmation, handling, vacancies
    from tests.factories.results import make_finalists_campaign, record_panel_ranking
    from tests.factories.shortlist import make_organizer

    campaign, finalists = make_finalists_campaign(5, 1, 2)
    organizer = make_organizer()
    first = client.get("/api/v1/results")
    assert first.headers["Cache-Control"] == "public, max-age=5" and first.get_json()["published"] is False
    assert client.get("/api/v1/results", headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    order = [n.id for n in finalists]
    record_panel_ranking(campaign, order, organizer)
    confirmation.confirm_results(organizer, campaign, order)
    assert client.get("/api/v1/results").get_json()["published"] is False  # confirmed, not yet public
    notice.publish(organizer, campaign)
    shown = client.get("/api/v1/results").get_json()
    assert shown["published"] and [w["nomination_id"] for w in shown["winners"]] == order[1:3]
    objection = client.post("/api/v1/objections", json={**BODY, "nomination_id": order[1]}, headers=auth(make_user()))
    handling.answer(organizer, objection.get_json()["id"], "upheld", "经核查属实")
    assert order[1] not in [w["nomination_id"] for w in client.get("/api/v1/results").get_json()["winners"]]
    [vacancy] = vacancies.vacancies(campaign)
    vacancies.promote(organizer, campaign, vacancy.id, "按排名递补")
    after = client.get("/api/v1/results").get_json()
    assert [w["nomination_id"] for w in after["winners"]] == [order[2], order[3]] and len(after["changes"]) == 1
