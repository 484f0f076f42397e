"""Promotion articles in the console: create about a finalist, write, save (sanitized), cover, publish or
schedule, take down; every step audited with its sentence, and what the public API then shows."""
import io
import re
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Article, AuditEntry, Nomination, Notification
from app.services.campaigns import stages
from app.services.seed.demo import seed_demo
from tests.console.conftest import EXPERT
from tests.factories.nominations import jpeg_bytes

BODY = "<h2>二十年扎根一线</h2><p>他是<b>高级技师</b>。</p><script>alert(1)</script><ul><li>带徒十二名</li></ul>"


@pytest.fixture
def finalists(accounts):
    seed_demo("promotion")
    return list(db.session.scalars(sa.select(Nomination).where(Nomination.status == "finalist")
                                   .order_by(Nomination.id)))


def article() -> Article:
    db.session.expire_all()
    return db.session.scalars(sa.select(Article).order_by(Article.id.desc())).first()


def create(console, nominee: Nomination, title="码头上的“机械医生”", outlet="daily"):
    return console.post("/console/articles", {"nominee": nominee.id, "title": title, "outlet": outlet},
                        token_from="/console/articles")


def save(console, article_id, **values):
    data = {"title": "码头上的“机械医生”", "outlet": "daily", "source_url": "", "summary": "", "body": BODY, **values}
    return console.post(f"/console/articles/{article_id}", data, token_from=f"/console/articles/{article_id}")


def test_an_organizer_writes_and_publishes_an_article_and_the_log_says_so(organizer_console, finalists, client):
    nominee = finalists[-1]  # the demo's articles are about the first few
    created = create(organizer_console, nominee)
    a = article()
    assert created.status_code == 302 and created.headers["Location"].endswith(f"/console/articles/{a.id}")
    assert (a.nomination_id, a.status, a.outlet) == (nominee.id, "draft", "daily")

    saved = save(organizer_console, a.id, source_url="https://www.lyg.gov.cn/news/1")
    assert saved.status_code == 302
    assert article().body == "<h2>二十年扎根一线</h2><p>他是<b>高级技师</b>。</p><ul><li>带徒十二名</li></ul>"
    cover = organizer_console.post(f"/console/articles/{a.id}/cover",
                                   {"file": (io.BytesIO(jpeg_bytes()), "cover.jpg", "image/jpeg")},
                                   token_from=f"/console/articles/{a.id}", content_type="multipart/form-data")
    assert cover.status_code == 302 and article().cover_image_id is not None
    editor = organizer_console.get(f"/console/articles/{a.id}")
    assert "img-src 'self' data: https:" in editor.headers["Content-Security-Policy"]
    assert f'src="/console/articles/images/{article().cover_image_id}"' in editor.get_data(as_text=True)

    assert client.get(f"/api/v1/articles/{a.id}").status_code == 404
    organizer_console.post(f"/console/articles/{a.id}/publish", {"publish_at": ""},
                           token_from=f"/console/articles/{a.id}")
    assert article().status == "published"
    public = client.get(f"/api/v1/articles/{a.id}").get_json()
    assert public["nominee_name"] == nominee.name and public["source_url"] == "https://www.lyg.gov.cn/news/1"
    assert public["cover_thumbnail_url"].endswith("?size=thumbnail")
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))
                             .where(Notification.event == "promotion_published")) >= 1

    listed = organizer_console.get(f"/console/articles?nominee={nominee.id}").get_data(as_text=True)
    assert re.findall(r'<tr data-article="(\d+)" data-status="(\w+)"', listed) == [(str(a.id), "published")]
    log = organizer_console.get("/console/audit").get_data(as_text=True)
    assert "新建了推介文章" in log and "为推介文章" in log and "上传了封面图" in log
    assert "发布了推介文章" in log and "并通知被推荐人及其推荐单位" in log and "修改了推介文章" in log

    organizer_console.post(f"/console/articles/{a.id}/unpublish", {"reason": "标题有误"},
                           token_from=f"/console/articles/{a.id}")
    assert article().status == "unpublished" and client.get(f"/api/v1/articles/{a.id}").status_code == 404
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "article.unpublished")).one()
    assert entry.reason == "标题有误"


def test_a_scheduled_time_is_read_in_china_time(organizer_console, finalists):
    create(organizer_console, finalists[-2])
    a = article()
    save(organizer_console, a.id)
    later = (datetime.now(timezone(timedelta(hours=8))) + timedelta(days=2)).replace(second=0, microsecond=0)
    organizer_console.post(f"/console/articles/{a.id}/publish", {"publish_at": later.strftime("%Y-%m-%dT%H:%M")},
                           token_from=f"/console/articles/{a.id}")
    assert article().status == "scheduled"
    assert article().publish_at.replace(tzinfo=timezone.utc) == later.astimezone(timezone.utc)
    page = organizer_console.get(f"/console/articles/{a.id}").get_data(as_text=True)
    assert f"将于 <strong>{later:%Y-%m-%d %H:%M}</strong> 自动发布" in page
    assert "设置推介文章" in organizer_console.get("/console/audit").get_data(as_text=True)


def test_refusals_change_nothing_and_say_why(organizer_console, finalists, accounts):
    campaign = stages.current_campaign()
    create(organizer_console, finalists[0])
    a = article()
    bad = save(organizer_console, a.id, title="", source_url="ftp://example.com/x")
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert "请填写标题" in page and "链接应以 http:// 或 https:// 开头" in page and "他是" in page
    assert "alert(1)" not in page  # what was typed comes back sanitized
    assert article().body == ""

    save(organizer_console, a.id)
    stages.set_override(campaign, "review", actor_label="test")
    db.session.commit()
    refused = organizer_console.post(f"/console/articles/{a.id}/publish", {"publish_at": ""},
                                     token_from=f"/console/articles/{a.id}", follow_redirects=True)
    assert "当前阶段不能发布推介文章" in refused.get_data(as_text=True) and article().status == "draft"
    assert "当前不在技能推介阶段" in organizer_console.get("/console/articles").get_data(as_text=True)

    not_finalist = db.session.scalars(sa.select(Nomination).where(Nomination.status == "rejected")).first()
    create(organizer_console, not_finalist)
    assert article().id == a.id  # nothing created
    assert organizer_console.get("/console/articles/2147483647").status_code == 404


def test_experts_cannot_reach_the_articles(console, finalists):
    console.login(EXPERT)
    assert console.get("/console/articles").status_code == 403
