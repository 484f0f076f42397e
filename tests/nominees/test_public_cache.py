"""Public reads come from the shared cache: right after every change a reader can see, revalidated with
ETags, never carrying a caller's private data, and rebuilt by one request when cold."""
import json
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models.base import utcnow
from app.redis_store import get_redis
from app.services import public_cache
from app.services.campaigns import stages
from app.services.likes import liking, voids
from app.services.nominees.profiles import publish_story
from tests.factories.likes import auth, campaign, drain, likes_app, make_nominee, make_user  # noqa: F401

READS = ("/api/v1/campaigns/current", "/api/v1/nominees?per_page=20", "/api/v1/nominees/{id}",
         "/api/v1/leaderboard?limit=10", "/api/v1/results")


@pytest.fixture
def finalists(campaign):
    return [make_nominee(campaign, name=name, content_checked_at=utcnow(), district="海州区")
            for name in ("王建军", "李秀英", "张海涛")]


class Queries:
    """Counts the SQL statements run while it is open."""

    def __enter__(self):
        self.count = 0
        sa.event.listen(db.engine, "before_cursor_execute", self._seen)
        return self

    def _seen(self, *_args):
        self.count += 1

    def __exit__(self, *_exc):
        sa.event.remove(db.engine, "before_cursor_execute", self._seen)


def _get(client, path, **headers):
    return client.get(path, headers=headers)


def test_a_cached_read_carries_an_etag_answers_304_and_touches_no_database(client, finalists):
    for path in READS:
        path = path.format(id=finalists[0].id)
        first = _get(client, path)
        assert first.status_code == 200 and first.headers["Cache-Control"] == "public, max-age=5", path
        etag = first.headers["ETag"]
        with Queries() as queries:
            again = _get(client, path)
            unchanged = _get(client, path, **{"If-None-Match": etag})
        assert queries.count == 0, f"{path}: a cached answer ran {queries.count} SQL statements"
        assert again.data == first.data and again.headers["ETag"] == etag
        assert unchanged.status_code == 304 and unchanged.data == b"" and unchanged.headers["ETag"] == etag
        assert _get(client, path, **{"If-None-Match": '"other"'}).status_code == 200


def test_a_read_right_after_redis_dropped_its_connections_still_comes_from_the_cache(client, finalists):
    """A Redis restart (or CLIENT KILL) between two reads does not send the next one to the database."""
    path = f"/api/v1/nominees/{finalists[0].id}"
    first = _get(client, path)
    get_redis().client_kill_filter(_type="normal", skipme=True)
    with Queries() as queries:
        again = _get(client, path)
    assert queries.count == 0 and again.data == first.data


def test_a_stage_switch_by_hand_shows_in_the_next_read(client, campaign, finalists):
    assert _get(client, "/api/v1/campaigns/current").get_json()["open"]["likes"] is True
    page = f"/api/v1/nominees/{finalists[0].id}"
    assert _get(client, page).get_json()["likeable"] is True
    stages.set_override(campaign, "evaluation", actor_label="test")
    db.session.commit()
    current = _get(client, "/api/v1/campaigns/current").get_json()
    assert current["stage"]["key"] == "evaluation" and current["open"]["likes"] is False
    assert _get(client, page).get_json()["likeable"] is False


def test_a_stage_switch_by_date_is_due_at_local_midnight(client, campaign):
    """Stages switch by date: an answer lives until the campaign's local midnight, never past it."""
    _get(client, "/api/v1/campaigns/current")
    key = public_cache.entry_key("/api/v1/campaigns/current", "")
    reader = public_cache.Reader(get_redis())
    now = datetime.now(timezone.utc).astimezone(timezone(timedelta(hours=8)))  # Asia/Shanghai
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), tzinfo=now.tzinfo)
    before, at = int(midnight.timestamp() * 1000) - 1, int(midnight.timestamp() * 1000)
    assert reader.peek(key, now_ms=before) is not None
    assert reader.peek(key, now_ms=at) is None
    # The answer then rebuilt names the new day: `today` is part of what is cached.
    assert _get(client, "/api/v1/campaigns/current").get_json()["today"] == stages.local_today(campaign).isoformat()


def test_status_profile_story_and_endorsement_changes_show_in_the_next_read(client, campaign, finalists):
    first, second, _ = finalists
    listing = "/api/v1/nominees?per_page=20"
    assert {n["id"] for n in _get(client, listing).get_json()["items"]} == {n.id for n in finalists}
    _get(client, f"/api/v1/nominees/{first.id}")

    first.status = "winner"  # a status change
    db.session.commit()
    assert {n["id"]: n["status"] for n in _get(client, listing).get_json()["items"]}[first.id] == "winner"
    assert _get(client, f"/api/v1/nominees/{first.id}").get_json()["status"] == "winner"

    second.employer_name = "连云港港口集团有限公司"  # an edited profile
    db.session.commit()
    cards = {n["id"]: n for n in _get(client, listing).get_json()["items"]}
    assert cards[second.id]["employer_name"] == "连云港港口集团有限公司"

    organizer = make_user("organizer-cache")
    organizer.roles = ["organizer"]
    second.story = "他在港口机械维修岗位上干了二十年。"
    db.session.commit()
    assert _get(client, f"/api/v1/nominees/{second.id}").get_json()["story"] is None
    publish_story(organizer, second.id)  # a published story
    assert _get(client, f"/api/v1/nominees/{second.id}").get_json()["story"].startswith("他在港口")
    publish_story(organizer, second.id, published=False)
    assert _get(client, f"/api/v1/nominees/{second.id}").get_json()["story"] is None

    waiting = make_nominee(campaign, name="陈志强", status="awaiting_endorsement", content_checked_at=utcnow())
    assert waiting.id not in {n["id"] for n in _get(client, listing).get_json()["items"]}
    waiting.status = "endorsed"  # the employer's endorsement makes it public
    db.session.commit()
    assert waiting.id in {n["id"] for n in _get(client, listing).get_json()["items"]}
    waiting.status = "withdrawn"  # and a withdrawal takes it away
    db.session.commit()
    assert waiting.id not in {n["id"] for n in _get(client, listing).get_json()["items"]}


def test_a_draft_changes_no_public_answer(client, campaign, finalists):
    version = get_redis().get(f"public:version:{campaign.id}")
    draft = make_nominee(campaign, name="赵明", status="draft")
    draft.trade = "焊工"
    db.session.commit()
    assert get_redis().get(f"public:version:{campaign.id}") == version


def test_likes_show_live_on_the_page_and_within_two_seconds_in_lists(client, campaign, finalists):
    target = finalists[2]
    page, listing, board = f"/api/v1/nominees/{target.id}", "/api/v1/nominees?sort=likes", "/api/v1/leaderboard"
    before = _get(client, page)
    _get(client, listing), _get(client, board)
    fan = make_user()
    liking.like(fan.id, target.id, "198.18.0.1")
    after = _get(client, page)
    assert after.get_json()["likes"] == 1 and after.headers["ETag"] != before.headers["ETag"]
    assert _get(client, page, **{"If-None-Match": before.headers["ETag"]}).status_code == 200
    time.sleep(public_cache.LIKES_MAX_AGE_SECONDS + 0.1)
    assert _get(client, listing).get_json()["items"][0] == {**_get(client, listing).get_json()["items"][0],
                                                            "id": target.id, "likes": 1, "rank": 1}
    assert _get(client, board).get_json()["items"][0]["id"] == target.id


def test_a_void_of_likes_shows_in_the_next_read(client, campaign, finalists):
    target = finalists[0]
    fans = [make_user() for _ in range(3)]
    for n, fan in enumerate(fans):
        liking.like(fan.id, target.id, f"198.18.0.{n + 1}")
    drain()
    board = "/api/v1/leaderboard"
    assert _get(client, board).get_json()["items"][0] == {**_get(client, board).get_json()["items"][0], "likes": 3}
    voids.void_likes(campaign, reason="刷票", user_ids=[fans[0].id, fans[1].id])
    assert _get(client, board).get_json()["items"][0]["likes"] == 1
    assert _get(client, f"/api/v1/nominees/{target.id}").get_json()["likes"] == 1


def test_a_logged_in_caller_never_gets_anothers_private_data_from_the_cache(client, login, campaign):
    """The nominee's own account reads its public page first (filling the cache); nothing private enters it,
    another caller gets the same public bytes, and no answer to a logged-in caller may be stored on the way."""
    owner_headers = login("alice")
    from tests.factories.nominations import user_named

    owner = user_named("alice")
    nominee = make_nominee(campaign, name="周玉兰", content_checked_at=utcnow(), mobile="13912345678")
    nominee.nominee_user_id = owner.id
    nominee.submitted_by_id = owner.id
    db.session.commit()
    private_view = client.get(f"/api/v1/nominations/{nominee.id}", headers=owner_headers)
    assert private_view.status_code == 200 and "13912345678" in private_view.get_data(as_text=True)

    paths = [p.format(id=nominee.id) for p in READS]
    for path in paths:
        mine = client.get(path, headers=owner_headers)
        assert mine.status_code == 200 and mine.headers["Cache-Control"] == "no-store", path
    cached = b"".join(get_redis().hget(key, "body") or b"" for key in get_redis().scan_iter("public:entry:*"))
    assert cached and b"13912345678" not in cached and "birth_month".encode() not in cached
    other_headers = login("bob")
    for path in paths:
        theirs, anonymous = client.get(path, headers=other_headers), client.get(path)
        assert "13912345678" not in theirs.get_data(as_text=True)
        assert theirs.data == anonymous.data and anonymous.headers["Cache-Control"] == "public, max-age=5"
        assert not {"mobile", "birth_month", "political_status"} & set(json.dumps(anonymous.get_json()).split('"'))


def test_a_cold_cache_is_rebuilt_by_one_request_while_the_others_wait(app, campaign):
    built, answers = [], []
    key = public_cache.entry_key("/test/cold", "")

    def build(_campaign):
        built.append(1)
        time.sleep(0.2)  # long enough for every other request to arrive meanwhile
        return public_cache.Built(b'{"n":1}', shows_likes=False)

    def read():
        with app.app_context():
            answers.append(public_cache.fetch(key, build).body)

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 1 and answers == [b'{"n":1}'] * 8

    # After a change one request rebuilds; while it does, the others wait for it (never the old answer).
    public_cache.bump(campaign.id)
    slow_answers = []

    def rebuild(_campaign):
        built.append(2)
        time.sleep(0.2)
        return public_cache.Built(b'{"n":2}', shows_likes=False)

    def read_again():
        with app.app_context():
            slow_answers.append(public_cache.fetch(key, rebuild).body)

    threads = [threading.Thread(target=read_again) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert built.count(2) == 1 and slow_answers == [b'{"n":2}'] * 8


def test_while_counts_are_refreshed_the_others_get_the_answer_of_a_moment_ago(app, campaign):
    key = public_cache.entry_key("/test/stale", "")
    public_cache.fetch(key, lambda _c: public_cache.Built(b"[1]", shows_likes=True))
    reader = public_cache.Reader(get_redis())
    later = int(time.time() * 1000) + (public_cache.LIKES_MAX_AGE_SECONDS + 1) * 1000
    assert reader.peek(key, now_ms=later) is None  # due: the next request rebuilds
    get_redis().set(key.replace("public:entry:", "public:lock:"), "someone", px=5000)
    assert reader.peek(key, now_ms=later).body == b"[1]"  # being rebuilt: the previous answer meanwhile


def test_a_photo_added_or_removed_on_a_public_nominee_shows_in_the_next_read(client, finalists):
    from app.models import NominationFile

    nominee = finalists[0]
    page = f"/api/v1/nominees/{nominee.id}"
    assert _get(client, page).get_json()["photos"] == []
    nominee.files.append(NominationFile(kind="work_photo", content_type="image/jpeg", size=1, sha256="ab" * 32,
                                        storage_key="ab/ab/organizer-replaced.jpg"))
    db.session.commit()
    shown = _get(client, page).get_json()
    assert len(shown["photos"]) == 1 and shown["thumbnail"].endswith("/thumb/abababababababab.jpg")
    cards = {n["id"]: n for n in _get(client, "/api/v1/nominees").get_json()["items"]}
    assert cards[nominee.id]["thumbnail"] == shown["thumbnail"]
    nominee.files.clear()
    db.session.commit()
    assert _get(client, page).get_json()["photos"] == []
