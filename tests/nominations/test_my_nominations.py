"""我的推荐 (GET /me/nominations): whether 填写自荐表 leads anywhere now, the stage, and a finalist's own standing."""
from app.models.base import utcnow
from tests.factories.likes import auth, campaign, likes_app, make_campaign, make_nominee, make_user  # noqa: F401
from tests.factories.nominations import set_stage


def _mine(client, headers):
    response = client.get("/api/v1/me/nominations", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_self_nomination_is_offered_only_while_open_and_while_the_account_has_none(client, login, likes_app):
    make_campaign(stage="nomination")
    alice = login("alice")
    first = _mine(client, alice)
    assert (first["items"], first["can_self_nominate"], first["stage"]) == (
        [], True, {"key": "nomination", "name": "推荐申报"})

    created = client.post("/api/v1/nominations", json={"channel": "self"}, headers=alice)
    assert created.status_code == 201
    after = _mine(client, alice)
    assert after["can_self_nominate"] is False  # the draft is there to continue instead
    assert [(n["status"], n["public_page"], n["standing"]) for n in after["items"]] == [("draft", False, None)]

    bob = login("bob")
    set_stage("promotion")
    closed = _mine(client, bob)
    assert (closed["can_self_nominate"], closed["stage"]["key"]) == (False, "promotion")
    refused = client.post("/api/v1/nominations", json={"channel": "self"}, headers=bob)
    assert refused.status_code == 409  # what the flag said: the server refuses it too


def test_a_finalist_sees_their_likes_and_place_and_that_their_page_is_public(client, campaign):
    me = make_user("finalist-me")
    mine = make_nominee(campaign, name="邹玉兰", nominee_user_id=me.id, content_checked_at=utcnow())
    leader = make_nominee(campaign, name="王建军", content_checked_at=utcnow())
    fans = [make_user() for _ in range(3)]
    for fan in fans:
        assert client.post(f"/api/v1/nominees/{leader.id}/like", headers=auth(fan)).status_code == 200
    assert client.post(f"/api/v1/nominees/{mine.id}/like", headers=auth(fans[0])).status_code == 200

    answer = _mine(client, auth(me))
    assert answer["can_self_nominate"] is False and answer["stage"]["key"] == "promotion"
    [item] = answer["items"]
    assert (item["id"], item["public_page"], item["standing"]) == (
        mine.id, True, {"likes": 1, "rank": 2, "likeable": True})

    set_stage("commendation")  # likes closed: the place stays, the canvassing ends
    [later] = _mine(client, auth(me))["items"]
    assert later["standing"] == {"likes": 1, "rank": 2, "likeable": False}


def test_a_nomination_not_yet_public_has_no_page_and_no_standing(client, campaign):
    me = make_user("waiting-me")
    make_nominee(campaign, name="李建国", status="finalist", nominee_user_id=me.id)  # content not checked yet
    [item] = _mine(client, auth(me))["items"]
    assert (item["public_page"], item["standing"]) == (False, None)
