"""Public nominee profiles: search, filters, ranking; and no private field in any public response."""
import json
import re

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Lead, Nomination, NominationFile
from app.redis_store import get_redis
from app.services.likes.counts import board_key
from app.services.nominees.profiles import PUBLIC_STATUSES
from tests.factories.nominations import set_stage

PRIVATE_KEYS = {"mobile", "birth_month", "political_status", "contact", "phone", "id_number"}
# Documents that list the form's options (e.g. the political-status choices), not anybody's data.
OPTION_DOCUMENTS = {"/api/v1/nominations/rules", "/api/openapi.json"}


def test_the_public_list_filters_searches_and_ranks(client, seeded):
    everyone = client.get("/api/v1/nominees?per_page=100").get_json()
    public = db.session.scalars(sa.select(Nomination).where(Nomination.status.in_(PUBLIC_STATUSES))).all()
    assert everyone["total"] == len(public) == 58
    assert {client.get(f"/api/v1/nominees/{n['id']}").get_json()["channel"] for n in everyone["items"]} == \
        {"self", "union", "association"}
    assert len({n["district"] for n in everyone["items"]}) == 10
    first = everyone["items"][0]
    assert "story" not in first and "deeds" not in first and first["thumbnail"].endswith(".jpg")
    page = client.get(f"/api/v1/nominees/{first['id']}").get_json()
    assert len(page["photos"]) == 3 and page["story"] is None  # the story waits for publication

    by_district = client.get("/api/v1/nominees?district=东海县&per_page=100").get_json()
    assert by_district["total"] > 0 and {n["district"] for n in by_district["items"]} == {"东海县"}
    named = client.get("/api/v1/nominees", query_string={"q": first["name"]}).get_json()
    assert first["id"] in [n["id"] for n in named["items"]]
    welders = client.get("/api/v1/nominees", query_string={"trade": "焊工", "channel": "union"}).get_json()
    assert welders["items"] and all(n["trade"] == "焊工" for n in welders["items"])
    assert {client.get(f"/api/v1/nominees/{n['id']}").get_json()["channel"] for n in welders["items"]} == {"union"}
    assert client.get("/api/v1/nominees?q=%25").get_json()["total"] == 0  # % is literal, not a wildcard
    paged = client.get("/api/v1/nominees?per_page=20&page=3").get_json()
    assert (paged["page"], len(paged["items"])) == (3, 18)

    ids = [n["id"] for n in everyone["items"]]
    get_redis().zadd(board_key(db.session.scalars(sa.select(Nomination.campaign_id)).first()),
                     {str(ids[5]): 40, str(ids[9]): 70})
    ranked = client.get("/api/v1/nominees?sort=likes").get_json()["items"]
    assert [(n["id"], n["likes"]) for n in ranked[:2]] == [(ids[9], 70), (ids[5], 40)]
    assert client.get(f"/api/v1/nominees/{ids[9]}").get_json()["likes"] == 70
    assert client.get("/api/v1/nominees?sort=votes").status_code == 400


def test_finalists_show_their_published_story(client, seeded):
    from app.services.seed.demo import seed_demo

    seed_demo(stage="promotion")
    finalists = client.get("/api/v1/nominees?stage=finalist&per_page=100").get_json()
    assert finalists["total"] == 50
    assert all(n["status"] == "finalist" for n in finalists["items"])
    assert all(len(client.get(f"/api/v1/nominees/{n['id']}").get_json()["story"]) >= 1200 for n in finalists["items"])
    assert client.get("/api/v1/nominees?stage=nominated").get_json()["total"] == 0


def test_drafts_and_unacknowledged_nominations_are_not_public(client, seeded):
    hidden = db.session.scalars(sa.select(Nomination).where(Nomination.status.not_in(PUBLIC_STATUSES))).all()
    assert {n.status for n in hidden} == {"draft", "awaiting_endorsement"}
    for nomination in hidden:
        assert client.get(f"/api/v1/nominees/{nomination.id}").status_code == 404
        photo = next(f for f in nomination.files if f.kind == "work_photo")
        assert client.get(f"/api/v1/files/{photo.id}").status_code == 404


def _private_values() -> set[str]:
    values = set()
    for mobile, birth in db.session.execute(sa.select(Nomination.mobile, Nomination.birth_month)):
        values.add(mobile)
        values.update({f"{birth:%Y-%m}", f"{birth.year}年{birth.month}月", f"{birth:%Y.%m}", f"{birth:%Y%m}"})
    values.update(c for c in db.session.scalars(sa.select(Lead.contact)) if c)
    values.update(db.session.scalars(sa.select(Lead.reason)))
    return values


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | set().union(*(_keys(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value)) if value else set()
    return set()


def _ids_for(argument: str) -> list[int]:
    # Every id that exists, public or not: a public route must not leak the private ones either.
    model = {"file_id": NominationFile, "lead_id": Lead}.get(argument, Nomination)
    ids = list(db.session.scalars(sa.select(model.id)))
    return ids + [max(ids) + 1]


def test_no_private_field_in_any_public_response(app, client, seeded):
    for stage in ("nomination", "promotion"):
        set_stage(stage)
        _walk_public_endpoints(app, client)


PUBLIC_CALLER = {"REMOTE_ADDR": "203.0.113.9"}


def _walk_public_endpoints(app, client):
    private = _private_values()
    political = {"中共党员", "中共预备党员", "共青团员", "民主党派成员", "无党派人士"}
    answered = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        urls = [rule.rule]
        sized = {"size", "content_hash"} <= rule.arguments
        if sized:  # every file's sizes, under their real addresses
            urls = [f"/api/v1/files/{f.id}/{size}/{f.sha256[:16]}.jpg"
                    for f in db.session.scalars(sa.select(NominationFile)) for size in ("thumb", "display")]
        for argument in () if sized else rule.arguments:
            urls = [re.sub(rf"<(?:\w+:)?{argument}>", str(i), url) for url in urls for i in _ids_for(argument)]
        if rule.rule == "/api/v1/nominees":
            urls += [f"{rule.rule}?per_page=100&{q}" for q in ("", "sort=likes", "stage=finalist", "channel=self")]
        for url in urls:
            # From a member of the public's address: what answers loopback only (/metrics, the operators'
            # aggregates, whose timings may hold any digits) is not a public response.
            response = client.get(url, environ_base=PUBLIC_CALLER)
            if response.status_code == 401:  # needs a login: not public
                break
            if response.status_code != 200:
                continue
            answered.add(rule.rule)
            text = response.get_data(as_text=True) if response.is_json else response.get_data().decode("latin-1")
            leaked = {value for value in private if value in text}
            assert not leaked, f"{url} shows private data: {sorted(leaked)[:5]}"
            if response.is_json:
                assert not _keys(json.loads(text)) & PRIVATE_KEYS or rule.rule in OPTION_DOCUMENTS, url
                if rule.rule not in OPTION_DOCUMENTS:
                    assert not any(p in text for p in political), url
            else:
                assert b"Exif" not in response.get_data(), url
    assert {"/api/v1/nominees", "/api/v1/nominees/<int:nominee_id>", "/api/v1/files/<int:file_id>",
            "/api/v1/files/<int:file_id>/<string:size>/<string:content_hash>.jpg", "/api/v1/leaderboard",
            "/api/v1/nominations/rules", "/api/v1/campaigns/current"} <= answered


def test_an_organizer_publishes_a_story_and_it_is_audited(client, seeded):
    from app.models import AuditEntry, User
    from app.services.errors import DomainError
    from app.services.nominees.profiles import publish_story

    nominee = client.get("/api/v1/nominees").get_json()["items"][0]
    organizer = db.session.scalars(sa.select(User).where(User.openid == "dev-organizer")).one()
    worker = db.session.scalars(sa.select(User).where(User.openid == "dev-alice")).one()
    with pytest.raises(DomainError) as refused:
        publish_story(worker, nominee["id"])
    assert refused.value.status == 403
    publish_story(organizer, nominee["id"])
    assert client.get(f"/api/v1/nominees/{nominee['id']}").get_json()["story"].startswith(nominee["name"])
    assert db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id.desc())).first() == \
        "nomination.publish_story"
