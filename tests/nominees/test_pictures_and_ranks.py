"""A nominee's page picks the right picture for each place and tells the place by likes and the title won; the
poster and the chat share card carry them too (public fields only)."""
import io
import os

import sqlalchemy as sa
from PIL import Image, ImageChops
from pyzbar.pyzbar import decode

from app.extensions import db
from app.models import Nomination
from app.redis_store import get_redis
from app.services.likes.counts import board_key
from app.services.nominees import poster, share_card


def set_stage(stage: str) -> None:
    """The demo in that stage, the review and shortlist before it done (finalists, then winners)."""
    from app.services.seed.demo import seed_demo

    seed_demo(stage=stage)


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


def _keep(name: str, png: bytes) -> None:
    """Leaves the picture for a person to look at when SAVE_PICTURES names a folder."""
    folder = os.environ.get("SAVE_PICTURES")
    if folder:
        with open(os.path.join(folder, name), "wb") as out:
            out.write(png)


def _likes(nominees: dict[int, int]) -> None:
    campaign_id = db.session.scalars(sa.select(Nomination.campaign_id)).first()
    get_redis().zadd(board_key(campaign_id), {str(i): n for i, n in nominees.items()})


def test_the_page_gives_the_id_photo_as_avatar_and_the_work_photos_for_the_pictures(client, seeded):
    first = client.get("/api/v1/nominees").get_json()["items"][0]
    page = client.get(f"/api/v1/nominees/{first['id']}").get_json()
    assert "/thumb/" in page["avatar"] and page["avatar"] == page["thumbnail"]  # the ID photo comes first
    assert len(page["work_photos"]) == 2 and all("/display/" in url for url in page["work_photos"])
    assert page["avatar"].replace("/thumb/", "/display/") not in page["work_photos"]
    avatar = client.get(page["avatar"].split("8000", 1)[-1] if "8000" in page["avatar"] else page["avatar"])
    assert avatar.status_code == 200 and avatar.headers["Cache-Control"].startswith("public")
    # Before the shortlist nobody is in the likes: no place, no title.
    assert (page["rank"], page["title"], page["held_for_review"], page["likeable"]) == (None, None, False, False)


def test_finalists_have_their_place_with_ties_others_none(client, seeded):
    set_stage("promotion")
    finalists = client.get("/api/v1/nominees?stage=finalist&per_page=100").get_json()["items"]
    a, b, c = (n["id"] for n in finalists[:3])
    _likes({a: 9, b: 9, c: 4})
    assert [client.get(f"/api/v1/nominees/{i}").get_json()["rank"] for i in (a, b, c)] == [1, 1, 3]
    cards = {n["id"]: n["rank"] for n in client.get("/api/v1/nominees?sort=likes&per_page=3").get_json()["items"]}
    assert cards == {a: 1, b: 1, c: 3}
    others = client.get("/api/v1/nominees?per_page=100").get_json()["items"]
    outside = [n for n in others if n["status"] != "finalist"]
    assert outside and all(n["rank"] is None for n in outside)
    page = client.get(f"/api/v1/nominees/{outside[0]['id']}").get_json()
    assert page["rank"] is None and page["likeable"] is False


def test_winners_have_their_title(client, seeded):
    set_stage("commendation")
    top = client.get("/api/v1/nominees?stage=top_winner").get_json()["items"][0]
    assert client.get(f"/api/v1/nominees/{top['id']}").get_json()["title"] == "港城十大工匠"
    everyone = client.get("/api/v1/nominees?per_page=100").get_json()["items"]
    titles = {n["status"]: client.get(f"/api/v1/nominees/{n['id']}").get_json()["title"] for n in everyone}
    assert titles.pop("winner") == "港城工匠" and titles.pop("top_winner") == "港城十大工匠"
    assert titles and set(titles.values()) == {None}


def test_the_poster_carries_the_place_and_drops_likes_for_nominees_outside_them(app, client, seeded):
    first = client.get("/api/v1/nominees").get_json()["items"][0]
    before = client.get(f"/api/v1/nominees/{first['id']}/poster")
    assert before.status_code == 200
    _keep("poster-nomination.png", before.data)
    set_stage("promotion")
    finalists = client.get("/api/v1/nominees?stage=finalist&per_page=2").get_json()["items"]
    _likes({finalists[0]["id"]: 5, finalists[1]["id"]: 8})
    second = client.get(f"/api/v1/nominees/{finalists[0]['id']}/poster")
    _keep("poster-promotion.png", second.data)
    drawn = _image(second.data)
    assert decode(drawn)[0].data.decode().endswith(f"/mp/nominee?id={finalists[0]['id']}")
    # The likes line (count and place) sits below the trade; without likes that band is bare paper.
    band = (0, 860, 750, 960)
    assert _image(before.data).crop(band).getextrema() == tuple((c, c) for c in poster.PAPER)
    assert drawn.crop(band).getbbox() is not None and ImageChops.difference(
        drawn.crop(band), Image.new("RGB", (750, 100), poster.PAPER)).getbbox() is not None
    _likes({finalists[0]["id"]: 9})  # now first: a new place, a new poster
    third = _image(client.get(f"/api/v1/nominees/{finalists[0]['id']}/poster").data)
    assert ImageChops.difference(drawn, third).getbbox() is not None


def test_the_share_card_is_five_by_four_public_and_cached(client, seeded):
    set_stage("commendation")
    top = client.get("/api/v1/nominees?stage=top_winner").get_json()["items"][0]
    answer = client.get(f"/api/v1/nominees/{top['id']}/share-card.png")
    assert answer.status_code == 200 and answer.mimetype == "image/png"
    assert answer.headers["Cache-Control"] == "public, max-age=60"
    _keep("share-card-winner.png", answer.data)
    poster_png = client.get(f"/api/v1/nominees/{top['id']}/poster").data
    _keep("poster-winner.png", poster_png)
    winner_poster = _image(poster_png)
    # On the poster the title is a red band with gold text below the trade, and nothing runs into the QR code.
    assert winner_poster.getpixel((160, 900)) == poster.RED
    assert decode(winner_poster)
    card = _image(answer.data)
    assert card.size == (share_card.WIDTH, share_card.HEIGHT) and card.size[0] * 4 == card.size[1] * 5
    assert b"Exif" not in answer.data
    # The title sits on a gold band beside the photo.
    assert card.getpixel((share_card.TEXT_LEFT + 8, 430)) == poster.GOLD
    other = client.get("/api/v1/nominees?per_page=100").get_json()["items"]
    plain = next(n for n in other if n["status"] not in ("top_winner", "winner"))
    plain_card = _image(client.get(f"/api/v1/nominees/{plain['id']}/share-card.png").data)
    assert plain_card.getpixel((share_card.TEXT_LEFT + 8, 430)) != poster.GOLD
    assert client.get("/api/v1/nominees/999999/share-card.png").get_json()["error"]["code"] == "not_found"
