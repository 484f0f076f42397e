"""The article editor as an organizer uses it at 1440×900 in Chromium: format the body with the toolbar,
add a link and a picture, save, schedule, preview; screenshots of the list, the editor and the preview."""
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Article, Nomination
from app.services.seed.demo import seed_demo
from tests.console.conftest import ARTIFACTS, browser_login
from tests.factories.nominations import jpeg_bytes

CST = timezone(timedelta(hours=8))


@pytest.fixture
def finalist(accounts):
    seed_demo("promotion")
    # The last one: the demo's own articles are about the first few.
    return db.session.scalars(sa.select(Nomination).where(Nomination.status == "finalist")
                              .order_by(Nomination.id.desc())).first()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"console-{name}.png"), full_page=True)


def test_writing_formatting_and_scheduling_an_article(page, finalist, tmp_path):
    browser_login(page)
    page.goto("/console/articles")
    page.select_option("#new-article select[name=nominee]", str(finalist.id))
    page.fill("#new-article input[name=title]", "码头上的“机械医生”")
    page.select_option("#new-article select[name=outlet]", "daily")
    page.click("#new-article button[type=submit]")
    expect(page.locator("#article-state")).to_have_text("草稿")

    editor = page.locator("#editor")
    editor.click()
    page.keyboard.type("二十年扎根一线")
    page.click(".rte-toolbar [data-block=h2]")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("他是港口机械维修的高级技师，带出了十二名徒弟。")
    page.keyboard.down("Shift")
    for _ in range(4):
        page.keyboard.press("ArrowLeft")
    page.keyboard.up("Shift")
    page.click(".rte-toolbar [data-command=bold]")
    page.keyboard.press("End")
    page.click(".rte-toolbar [data-command=bold]")  # bold off again for what follows
    page.keyboard.press("Enter")
    page.click(".rte-toolbar [data-command=insertUnorderedList]")
    page.keyboard.type("主持技术革新五项")
    page.keyboard.press("Enter")
    page.keyboard.type("年节约成本八十万元")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    page.keyboard.type("详见连云港日报")
    page.keyboard.down("Shift")
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    page.keyboard.up("Shift")
    page.once("dialog", lambda dialog: dialog.accept("https://www.lyg.gov.cn/news/1"))
    page.click(".rte-toolbar [data-action=link]")
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    picture = tmp_path / "work.jpg"
    picture.write_bytes(jpeg_bytes((900, 600)))
    with page.expect_file_chooser() as chooser:
        page.click(".rte-toolbar [data-action=image]")
    chooser.value.set_files(str(picture))
    expect(page.locator(".rte-status")).to_have_text("图片已插入，记得保存")
    expect(editor.locator("img")).to_have_count(1)
    page.fill("input[name=source_url]", "https://www.lyg.gov.cn/news/1")
    page.click("#save-button")
    expect(page.locator(".notice")).to_contain_text("已保存")

    db.session.expire_all()
    article = db.session.scalars(sa.select(Article).where(Article.nomination_id == finalist.id)).one()
    assert article.body.startswith("<h2>二十年扎根一线</h2><p>他是港口机械维修的高级技师，带出了十二<b>名徒弟。</b></p>")
    assert "<ul><li>主持技术革新五项</li><li>年节约成本八十万元</li></ul>" in article.body
    assert '<a href="https://www.lyg.gov.cn/news/1" rel="noopener noreferrer">连云港日报</a>' in article.body
    assert '<img src="/api/v1/article-images/' in article.body
    # The saved body comes back into the editor with its picture shown through the console.
    expect(editor.locator("h2")).to_have_text("二十年扎根一线")
    assert editor.locator("img").evaluate("img => img.complete && img.naturalWidth") == 900

    later = (datetime.now(CST) + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    page.fill("input[name=publish_at]", later.strftime("%Y-%m-%dT%H:%M"))
    page.click("#publish-button")
    expect(page.locator("#article-state")).to_have_text("定时发布")
    expect(page.locator("#publish-box")).to_contain_text(f"将于 {later:%Y-%m-%d %H:%M} 自动发布")
    fits = "e => e.getBoundingClientRect().right <= document.documentElement.clientWidth"
    assert page.locator("#publish-box").evaluate(fits)
    shot(page, "article-editor")

    page.goto("/console/articles")
    expect(page.locator("#articles tbody tr")).to_have_count(5)  # the demo's four and this one
    expect(page.locator('.state-tabs a[data-state="scheduled"] b')).to_have_text("2")
    shot(page, "articles")
    page.select_option("#article-filters select[name=nominee]", str(finalist.id))
    page.click("#article-filters button[type=submit]")
    expect(page.locator("#articles tbody tr")).to_have_count(1)
    expect(page.locator('.state-tabs a[data-state="scheduled"] b')).to_have_text("1")

    page.goto(f"/console/articles/{article.id}/preview")
    expect(page.locator("#article-preview h1")).to_have_text("码头上的“机械医生”")
    assert page.locator("#article-preview .phone-body img").evaluate("img => img.naturalWidth") == 900
    shot(page, "article-preview")
