"""The leaderboard a page at a time: equal counts share a place and the next place skips (1, 1, 3 …), the
same places on every page; each place with the nominee's thumbnail; the total says how many are ranked."""
from app.extensions import db
from app.services.likes import liking
from tests.factories.likes import auth, campaign, likes_app, make_nominee, make_user, make_users  # noqa: F401


def like(client, nominee, headers):
    assert client.post(f"/api/v1/nominees/{nominee.id}/like", headers=headers).status_code == 200


def test_ties_share_a_place_and_the_next_place_skips_across_pages(client, campaign):
    names = ("赵海峰", "钱立新", "孙美华", "周志强", "吴卫东")
    top, tied_a, tied_b, third, quiet = (make_nominee(campaign, name=n) for n in names)
    fans = make_users(3)
    for count, nominee in ((3, top), (3, tied_a), (2, tied_b), (2, third)):
        for fan in fans[:count]:
            like(client, nominee, auth(fan))

    whole = client.get("/api/v1/leaderboard?limit=10").get_json()
    assert [(i["rank"], i["likes"]) for i in whole["items"]] == [(1, 3), (1, 3), (3, 2), (3, 2), (5, 0)]
    assert whole["total"] == 5 and whole["items"][-1]["name"] == "吴卫东"

    pages = [client.get(f"/api/v1/leaderboard?limit=2&page={p}").get_json() for p in (1, 2, 3, 4)]
    assert [[(i["rank"], i["id"]) for i in p["items"]] for p in pages] == [
        [(i["rank"], i["id"]) for i in whole["items"][:2]], [(i["rank"], i["id"]) for i in whole["items"][2:4]],
        [(5, quiet.id)], []]
    assert {p["total"] for p in pages} == {5}
    assert liking.leaderboard(3) == [{k: v for k, v in i.items() if k in ("id", "name", "employer_name", "trade",
                                                                         "likes", "rank")} for i in whole["items"][:3]]
    assert client.get("/api/v1/leaderboard?page=0").status_code == 400


def test_a_withdrawn_nominee_leaves_the_ranking_and_the_places_close_up(client, campaign):
    first, second, third = (make_nominee(campaign, name=n) for n in ("赵海峰", "钱立新", "孙美华"))
    fans = make_users(2)
    for fan in fans:
        like(client, first, auth(fan))
    like(client, second, auth(fans[0]))
    first.status = "withdrawn"
    db.session.commit()
    items = client.get("/api/v1/leaderboard").get_json()["items"]
    assert [(i["rank"], i["name"]) for i in items] == [(1, "钱立新"), (2, "孙美华")]
    assert "mobile" not in items[0]


def test_every_finalist_of_the_demo_is_ranked_with_a_thumbnail(client, seeded):
    from app.services.seed.demo import seed_demo

    seed_demo(stage="promotion")
    fan = auth(make_user("board-fan"))
    finalists = client.get("/api/v1/nominees?stage=finalist&per_page=3").get_json()["items"]
    for nominee in finalists:
        like(client, type("Nominee", (), {"id": nominee["id"]}), fan)
    board = client.get("/api/v1/leaderboard?limit=20&page=1").get_json()
    assert board["total"] == 50
    assert [i["likes"] for i in board["items"][:4]] == [1, 1, 1, 0]
    assert [i["rank"] for i in board["items"][:4]] == [1, 1, 1, 4]
    last = client.get("/api/v1/leaderboard?limit=20&page=3").get_json()["items"]
    assert len(last) == 10 and {i["rank"] for i in last} == {4}
    assert all(i["thumbnail"].endswith(".jpg") for i in board["items"] + last)
