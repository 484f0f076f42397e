"""Articles as organizers write and publish them and as the public reads them (services and the public API)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from rq import Queue
from rq.registry import ScheduledJobRegistry

from app.extensions import db
from app.models import Article, AuditEntry, Notification, User
from app.redis_store import get_redis
from app.services.articles import editing, images, public, publishing, sanitize
from app.services.campaigns import stages
from app.services.errors import DomainError
from tests.factories.likes import make_nominee, make_user
from tests.factories.nominations import jpeg_bytes, pdf_bytes

BODY = ("<h2>二十年扎根码头</h2><p>王建军是港口机械维修的<b>高级技师</b>，带出了十二名徒弟。</p>"
        "<ul><li>主持技术革新五项</li><li>年节约成本八十万元</li></ul>")


def written(organizer, finalist, **values) -> Article:
    article = editing.create(organizer, finalist.id, "码头上的“机械医生”", outlet="daily")
    return editing.update(organizer, article.id, {"body": BODY, **values})


def notifications(event="promotion_published") -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification).where(Notification.event == event)
                                   .order_by(Notification.user_id)))


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "article")
                                   .order_by(AuditEntry.id)))


def test_the_body_keeps_paragraphs_headings_bold_lists_pictures_and_links_only(ctx):
    raw = ('<h1>题目</h1><p style="color:red" onclick="x()">文字<strong>加粗</strong><i>斜体</i></p>'
           '<script>alert(1)</script><iframe src="https://v.qq.com/x"></iframe>'
           '<a href="javascript:alert(1)">坏链接</a><a href="https://www.lyg.gov.cn/a?b=1&c=2">好链接</a>'
           '<img src="http://example.com/a.jpg"><img src="https://example.com/b.jpg" alt="图" onerror="x()">'
           '<img src="/console/articles/images/7"><img src="data:image/png;base64,AAAA"><img src="/etc/passwd">')
    body = sanitize.clean(raw)
    assert body == ('题目<p>文字<strong>加粗</strong>斜体</p>坏链接'
                    '<a href="https://www.lyg.gov.cn/a?b=1&amp;c=2" rel="noopener noreferrer">好链接</a>'
                    '<img src="https://example.com/b.jpg" alt="图"><img src="/api/v1/article-images/7">')
    assert sanitize.text_of(body) == "题目 文字加粗斜体 坏链接好链接"
    assert sanitize.for_public(body).count('src="http://127.0.0.1') == 1


def test_only_organizers_write_and_only_about_finalists(organizer, finalist, promotion):
    worker = make_user("someone")
    with pytest.raises(DomainError) as refused:
        editing.create(worker, finalist.id, "标题")
    assert refused.value.status == 403
    qualified = make_nominee(promotion, "李海", status="qualified")
    with pytest.raises(DomainError) as refused:
        editing.create(organizer, qualified.id, "标题")
    assert (refused.value.code, refused.value.status) == ("not_finalist", 409)
    with pytest.raises(DomainError) as refused:
        editing.create(organizer, finalist.id, "  ", outlet="radio")
    assert set(refused.value.details["fields"]) == {"title", "outlet"}
    assert db.session.scalar(sa.select(sa.func.count(Article.id))) == 0


def test_a_draft_can_be_written_before_the_promotion_stage_but_not_published(organizer, finalist, promotion):
    stages.set_override(promotion, "review", actor_label="test")
    db.session.commit()
    article = written(organizer, finalist)
    with pytest.raises(DomainError) as refused:
        publishing.publish(organizer, article.id)
    assert refused.value.code == "stage_closed" and "技能推介" in refused.value.message
    db.session.rollback()
    assert db.session.get(Article, article.id).status == "draft"
    assert public.search() == ([], 0)
    with pytest.raises(DomainError):
        public.get(article.id)


def test_publishing_now_shows_it_and_tells_the_nominee_and_the_union_once(organizer, finalist):
    article = written(organizer, finalist, summary="港口机械维修高级技师的二十年。")
    publishing.publish(organizer, article.id)

    items, total = public.search(nominee_id=finalist.id)
    assert total == 1
    assert items[0]["title"] == "码头上的“机械医生”" and items[0]["outlet_label"] == "连云港日报"
    assert items[0]["nominee_name"] == "王建军" and items[0]["summary"] == "港口机械维修高级技师的二十年。"
    assert set(items[0]) == {"id", "title", "outlet", "outlet_label", "cover_thumbnail_url", "published_at",
                             "nominee_id", "nominee_name", "summary"}
    assert public.get(article.id)["body"] == BODY
    told = notifications()
    rep = db.session.scalar(sa.select(User.id).where(User.openid == "dev-rep-port"))
    assert sorted(n.user_id for n in told) == sorted([finalist.nominee_user_id, rep])  # nominee and union rep
    assert told[0].body == "王建军的技能推介文章《码头上的“机械医生”》已发布。"

    publishing.unpublish(organizer, article.id, "标题有误")
    assert public.search() == ([], 0)
    with pytest.raises(DomainError) as gone:
        public.get(article.id)
    assert gone.value.status == 404
    publishing.publish(organizer, article.id)
    assert public.search()[1] == 1
    assert len(notifications()) == 2  # published again: nobody is told twice
    assert actions() == ["article.created", "article.updated", "article.published", "article.unpublished",
                         "article.published"]


def test_a_scheduled_article_goes_public_at_its_time_with_its_notification(organizer, finalist, app):
    now = datetime(2019, 8, 1, 9, 0, tzinfo=timezone.utc)
    at = now + timedelta(hours=3)
    article = written(organizer, finalist)
    publishing.publish(organizer, article.id, at, now=now)
    assert db.session.get(Article, article.id).status == "scheduled"
    # The worker was asked to look again when it is due.
    registry = ScheduledJobRegistry(queue=Queue(app.config["RQ_QUEUE"], connection=get_redis()))
    assert registry.count == 1

    before = at - timedelta(seconds=1)
    assert public.search(now=before) == ([], 0)
    with pytest.raises(DomainError):
        public.get(article.id, now=before)
    assert publishing.publish_due(now=before) == 0
    assert notifications() == []

    assert [a["id"] for a in public.search(now=at)[0]] == [article.id]
    assert public.get(article.id, now=at)["published_at"] == at
    assert publishing.publish_due(now=at) == 1
    assert db.session.get(Article, article.id).status == "published"
    assert len(notifications()) == 2
    assert publishing.publish_due(now=at + timedelta(minutes=5)) == 0
    assert len(notifications()) == 2
    assert actions()[-2:] == ["article.scheduled", "article.published_on_schedule"]


def test_calling_back_a_scheduled_article_returns_it_to_draft(organizer, finalist):
    article = written(organizer, finalist)
    publishing.publish(organizer, article.id, datetime.now(timezone.utc) + timedelta(days=1))
    publishing.unpublish(organizer, article.id)
    assert db.session.get(Article, article.id).status == "draft"
    assert publishing.publish_due(now=datetime.now(timezone.utc) + timedelta(days=2)) == 0
    assert notifications() == []
    with pytest.raises(DomainError) as refused:
        publishing.unpublish(organizer, article.id)
    assert refused.value.code == "not_published"


def test_a_scheduled_article_public_by_its_time_is_taken_down_not_sent_back_to_draft(organizer, finalist):
    now = datetime(2019, 8, 1, 9, 0, tzinfo=timezone.utc)
    article = written(organizer, finalist)
    publishing.publish(organizer, article.id, now + timedelta(hours=1), now=now)
    publishing.unpublish(organizer, article.id, now=now + timedelta(hours=2))  # before the worker's due check
    assert db.session.get(Article, article.id).status == "unpublished"
    assert publishing.publish_due(now=now + timedelta(hours=3)) == 0 and notifications() == []


def test_public_text_passes_the_content_check(organizer, finalist):
    article = written(organizer, finalist, body="<p>欢迎加入投票群为他刷票</p>")
    with pytest.raises(DomainError) as refused:
        publishing.publish(organizer, article.id)
    assert refused.value.code == "content_rejected" and "正文" in refused.value.message
    db.session.rollback()
    assert db.session.get(Article, article.id).status == "draft" and notifications() == []

    editing.update(organizer, article.id, {"body": BODY})
    publishing.publish(organizer, article.id)
    with pytest.raises(DomainError):  # a published article is checked before a change is saved
        editing.update(organizer, article.id, {"title": "刷票请找我"})
    db.session.rollback()
    assert db.session.get(Article, article.id).title == "码头上的“机械医生”"


def test_an_empty_article_is_not_published(organizer, finalist):
    article = editing.create(organizer, finalist.id, "标题")
    with pytest.raises(DomainError) as refused:
        publishing.publish(organizer, article.id)
    assert refused.value.details["fields"] == {"body": "请填写正文"}


def test_pictures_are_public_with_their_article_and_the_feed_shows_a_thumbnail(organizer, finalist, client):
    article = written(organizer, finalist)
    cover = images.upload(organizer, article.id, jpeg_bytes((2400, 1600)), cover=True)
    assert (cover.width, cover.height) == (1600, 1067)
    inline = images.upload(organizer, article.id, jpeg_bytes((300, 200)))
    editing.update(organizer, article.id, {"body": BODY + f'<p><img src="/console/articles/images/{inline.id}"></p>'})
    with pytest.raises(DomainError) as refused:
        images.upload(organizer, article.id, pdf_bytes())
    assert refused.value.status == 415

    assert client.get(f"/api/v1/article-images/{cover.id}").status_code == 404  # a draft's picture
    publishing.publish(organizer, article.id)
    card = client.get("/api/v1/articles").get_json()["items"][0]
    assert card["cover_thumbnail_url"].endswith(f"/api/v1/article-images/{cover.id}?size=thumbnail")
    thumb = client.get(f"/api/v1/article-images/{cover.id}?size=thumbnail")
    assert thumb.status_code == 200 and thumb.mimetype == "image/jpeg"
    assert len(thumb.data) < len(client.get(f"/api/v1/article-images/{cover.id}").data)
    body = client.get(f"/api/v1/articles/{article.id}").get_json()["body"]
    assert f'<img src="http://127.0.0.1:8000/api/v1/article-images/{inline.id}">' in body
    assert actions().count("article.image_added") == 1 and "article.cover_changed" in actions()


def test_the_public_api_pages_filters_and_hides_what_is_not_published(organizer, finalist, promotion, client):
    other = make_nominee(promotion, "陈海燕")
    stamps = []
    for i, (nominee, outlet) in enumerate([(finalist, "daily"), (other, "tv"), (finalist, "wechat")]):
        article = editing.create(organizer, nominee.id, f"文章{i}", outlet=outlet)
        editing.update(organizer, article.id, {"body": BODY})
        publishing.publish(organizer, article.id, datetime(2019, 8, 1 + i, 9, tzinfo=timezone.utc))
        stamps.append(article.id)
    draft = editing.create(organizer, finalist.id, "草稿")

    page = client.get("/api/v1/articles?per_page=2").get_json()
    assert [a["id"] for a in page["items"]] == [stamps[2], stamps[1]] and page["total"] == 3  # newest first
    assert [a["title"] for a in client.get(f"/api/v1/articles?nominee_id={finalist.id}").get_json()["items"]] == \
        ["文章2", "文章0"]
    assert [a["nominee_name"] for a in client.get("/api/v1/articles?outlet=tv").get_json()["items"]] == ["陈海燕"]
    assert client.get(f"/api/v1/articles/{draft.id}").status_code == 404
    assert client.get("/api/v1/articles?outlet=radio").status_code == 400
    assert client.get("/api/v1/articles?status=draft").status_code == 400
    detail = client.get(f"/api/v1/articles/{stamps[0]}").get_json()
    assert detail["published_at"].startswith("2019-08-01T09:00:00") and detail["source_url"] is None
    assert "mobile" not in str(detail)


def test_the_demo_in_promotion_has_published_and_scheduled_articles(seeded, client):
    from app.services.seed.demo import seed_demo

    seed_demo("promotion")
    seed_demo("promotion")  # idempotent
    feed = client.get("/api/v1/articles").get_json()
    assert feed["total"] == 3 and [a["outlet_label"] for a in feed["items"]] == ["微信", "市电视台", "连云港日报"]
    assert all(a["cover_thumbnail_url"] for a in feed["items"])
    assert db.session.scalar(sa.select(sa.func.count(Article.id)).where(Article.status == "scheduled")) == 1
    article = client.get(f"/api/v1/articles/{feed['items'][0]['id']}").get_json()
    assert article["body"].startswith("<h2>凌晨三点的抢修现场")
    assert client.get(article["cover_url"].replace("http://127.0.0.1:8000", "")).status_code == 200


def test_the_worker_publishes_what_fell_due_while_it_was_away_and_delivers_the_notification(organizer, finalist, app):
    from app.tasks import run_worker

    article_id = written(organizer, finalist).id
    publishing.publish(organizer, article_id, datetime.now(timezone.utc) + timedelta(hours=1))
    # Time passes (the delayed wake-up was lost): the article's time is now behind us.
    db.session.get(Article, article_id).publish_at = datetime.now(timezone.utc) - timedelta(minutes=1)
    db.session.commit()
    run_worker(burst=True)
    db.session.remove()
    assert db.session.get(Article, article_id).status == "published"
    told = notifications()
    assert len(told) == 2 and {n.status for n in told} == {"delivered"}
