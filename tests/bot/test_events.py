"""Events: following (with and without a scene), leaving, menu clicks and links, QR scans."""
from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Follower, User
from app.models.base import as_utc, utcnow
from tests.factories.likes import make_nominee


def follower(openid: str) -> Follower:
    db.session.expire_all()
    return db.session.scalars(sa.select(Follower).where(Follower.openid == openid)).one()


def test_subscribe_welcomes_with_the_stage_and_records_the_unionid(ctx, campaign, wechat):
    wechat.follow("o-alice", "union-dev-alice")
    answer = wechat.event("o-alice", "subscribe")
    assert "感谢关注" in answer.text and "当前处于技能推介阶段" in answer.text
    assert 'data-miniprogram-path="pages/index/index"' in answer.text
    row = follower("o-alice")
    assert row.subscribed and row.unionid == "union-dev-alice" and row.subscribed_at is not None


def test_subscribe_links_to_the_mini_program_user_with_the_same_unionid(ctx, campaign, wechat, login):
    login("bob")  # the mini-program user, unionid union-dev-bob
    wechat.follow("o-bob", "union-dev-bob")
    wechat.event("o-bob", "subscribe")
    wechat.say("o-bob", "进度")
    user = db.session.scalars(sa.select(User).where(User.openid == "dev-bob")).one()
    assert follower("o-bob").user_id == user.id


def test_unsubscribe_is_recorded_and_answered_with_nothing(ctx, campaign, wechat):
    wechat.follow("o-carol")
    wechat.event("o-carol", "subscribe")
    answer = wechat.event("o-carol", "unsubscribe")
    assert (answer.status, answer.body) == (200, "success")
    row = follower("o-carol")
    assert not row.subscribed and row.unsubscribed_at is not None


def test_menu_click_runs_its_command_and_a_link_records_the_interaction(ctx, campaign, wechat):
    wechat.follow("o-dave")
    assert wechat.event("o-dave", "CLICK", "排行").text.startswith("还没有点赞排行")
    assert "暂无通知" in wechat.event("o-dave", "CLICK", "通知").text
    row = follower("o-dave")
    row.last_interaction_at = utcnow() - timedelta(days=3)
    db.session.commit()
    answer = wechat.event("o-dave", "VIEW", "https://example.com/")
    assert answer.body == "success"
    assert utcnow() - as_utc(follower("o-dave").last_interaction_at) < timedelta(minutes=1)
    assert wechat.event("o-dave", "view_miniprogram", "pages/index/index").body == "success"


def test_scanning_a_nominee_poster_shows_the_nominee_card(ctx, campaign, wechat):
    nominee = make_nominee(campaign, content_checked_at=utcnow())
    wechat.follow("o-erin")
    scanned = wechat.event("o-erin", "SCAN", f"nominee:{nominee.id}")
    assert scanned.fields["MsgType"] == "news"
    assert scanned.articles[0]["Title"] == f"王建军（编号 {nominee.id}）"
    assert scanned.articles[0]["Url"].endswith(f"/mp/nominee?id={nominee.id}")
    # Following through the poster: the same card, with a welcome.
    wechat.follow("o-frank")
    subscribed = wechat.event("o-frank", "subscribe", f"qrscene_nominee:{nominee.id}")
    assert "感谢关注" in subscribed.articles[0]["Description"]
    assert follower("o-frank").subscribe_scene == f"nominee:{nominee.id}"
    assert "暂未公开" in wechat.event("o-erin", "SCAN", "nominee:999999").text


def test_scanning_an_endorsement_or_invitation_code_links_to_its_page(ctx, campaign, wechat):
    wechat.follow("o-gina")
    endorse = wechat.event("o-gina", "subscribe", "qrscene_endorse:Tok3n_abc").text
    assert 'data-miniprogram-path="pages/endorse/index?token=Tok3n_abc"' in endorse
    assert "/mp/endorse?token=Tok3n_abc" in endorse and "确认是否认可" in endorse
    invite = wechat.event("o-gina", "SCAN", "invite:AB12CD34").text
    assert 'data-miniprogram-path="pages/invitation/index?code=AB12CD34"' in invite
    join = wechat.event("o-gina", "SCAN", "representative:r-token").text
    assert 'data-miniprogram-path="pages/representative/join?token=r-token"' in join
    assert "不是本活动的" in wechat.event("o-gina", "SCAN", "something-else").text


def test_events_are_deduplicated_by_sender_and_time(ctx, campaign, wechat):
    wechat.follow("o-hank")
    fields = {"FromUserName": "o-hank", "MsgType": "event", "Event": "subscribe", "CreateTime": 1796390000}
    first = wechat.post(fields)
    again = wechat.post(fields)
    assert "感谢关注" in first.text and again.text == first.text
