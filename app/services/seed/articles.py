"""Demo promotion articles: at promotion and later, three published articles and one scheduled, written and
published through the articles services (as the demo organizer), each with a drawn cover."""
from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
from PIL import Image, ImageDraw

from app.extensions import db
from app.models import STAGE_KEYS, Article, Campaign, Nomination, User
from app.models.base import utcnow
from app.services.articles import editing, images, publishing
from app.services.articles.visibility import NOMINEE_STATUSES

# (outlet, title, what the body tells; days before now it was published, None: scheduled for tomorrow)
ARTICLES = (
    ("daily", "码头上的“机械医生”", "二十年扎根一线，练就听声辨故障的本领", 6),
    ("tv", "一把焊枪焊出精彩人生", "从学徒到高级技师，他把每一道焊缝当作作品", 3),
    ("wechat", "匠心守护万家灯火", "凌晨三点的抢修现场，他总是第一个到", 1),
    ("app", "把毫米做到极致", "在数控车床前，他追求的是零点零一毫米", None),
)
COLORS = ((183, 28, 28), (30, 90, 168), (46, 125, 80), (120, 72, 160))


def _cover(color) -> bytes:
    image = Image.new("RGB", (1200, 675), color)
    draw = ImageDraw.Draw(image)
    for x in range(0, 1200, 60):  # some texture, so the picture is not one flat colour
        draw.rectangle((x, 500, x + 30, 675), fill=tuple(min(255, c + 50) for c in color))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _body(nominee: Nomination, lead: str) -> str:
    return (f"<h2>{lead}</h2>"
            f"<p>{nominee.name}，{nominee.employer_name or ''}{nominee.post or ''}，从事{nominee.trade or '本职'}工作多年。</p>"
            "<p>记者走进生产一线，听同事们讲述他的故事：<b>肯钻研、能吃苦、愿分享</b>。</p>"
            "<ul><li>主持技术革新多项，为企业节约成本</li><li>带徒传艺，培养了一批青年技术骨干</li></ul>"
            "<p>“把每一件小事做好，就是工匠精神。”他说。</p>")


def seed(campaign: Campaign, stage: str) -> int:
    """Idempotent: nothing is added when the campaign has articles already, or before the promotion stage."""
    if STAGE_KEYS.index(stage) < STAGE_KEYS.index("promotion"):
        return 0
    if db.session.scalar(sa.select(sa.func.count(Article.id)).where(Article.campaign_id == campaign.id)):
        return 0
    organizer = db.session.scalar(sa.select(User).where(User.openid == "dev-organizer"))
    finalists = list(db.session.scalars(sa.select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.status.in_(NOMINEE_STATUSES)).order_by(Nomination.id)
        .limit(len(ARTICLES))))
    now = utcnow()
    for (outlet, title, lead, days_ago), nominee, color in zip(ARTICLES, finalists, COLORS):
        article = editing.create(organizer, nominee.id, title, outlet)
        editing.update(organizer, article.id, {"body": _body(nominee, lead), "summary": lead})
        images.upload(organizer, article.id, _cover(color), cover=True)
        when = now + timedelta(days=1) if days_ago is None else now - timedelta(days=days_ago)
        publishing.publish(organizer, article.id, when, now=now)
    return len(finalists)
