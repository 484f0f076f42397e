"""Writing articles: organizers create drafts about finalists and change them; every change is audited.

A change to an article that is public (or scheduled) passes the content check before it is saved,
since it is shown as soon as it is saved.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from app.models import ARTICLE_STATUS_LABELS, OUTLET_LABELS, Article, Nomination, User
from app.services import audit, content_check
from app.services.articles import sanitize
from app.services.articles.visibility import LIVE_STATUSES, NOMINEE_STATUSES
from app.services.campaigns import stages
from app.services.errors import DomainError, forbidden, not_found
from app.services.nominations.access import is_organizer

TITLE_MAX = 100
SUMMARY_MAX = 200
URL_MAX = 500
LABELS = {"title": "标题", "summary": "摘要", "body": "正文", "outlet": "发布媒体", "source_url": "原文或视频链接"}
EDITABLE = tuple(LABELS)


def require_organizer(user: User | None) -> User:
    if not is_organizer(user):
        raise forbidden("只有市总工会工作人员可以编辑推介文章")
    return user


def load_for_edit(user: User | None, article_id: int) -> Article:
    require_organizer(user)
    article = db.session.get(Article, article_id)
    if article is None:
        raise not_found("文章")
    return article


def _invalid(fields: dict[str, str]) -> DomainError:
    named = "、".join(LABELS.get(f, f) for f in fields)
    return DomainError("validation_error", f"请检查：{named}", 400, details={"fields": fields})


def _validated(values: dict) -> dict:
    """The given fields, trimmed and checked; refuses all of them when one is wrong."""
    clean, errors = {}, {}
    for field in EDITABLE:
        if field not in values:
            continue
        raw = values[field]
        value = raw.strip() if isinstance(raw, str) else raw
        if field == "title":
            if not value:
                errors[field] = "请填写标题"
            elif len(value) > TITLE_MAX:
                errors[field] = f"标题不超过{TITLE_MAX}字"
        elif field == "summary":
            value = value or None
            if value and len(value) > SUMMARY_MAX:
                errors[field] = f"摘要不超过{SUMMARY_MAX}字"
        elif field == "outlet":
            if value not in OUTLET_LABELS:
                errors[field] = "请选择发布媒体：" + "、".join(OUTLET_LABELS.values())
        elif field == "source_url":
            value = value or None
            if value and (len(value) > URL_MAX or not value.lower().startswith(("http://", "https://"))
                          or any(c.isspace() for c in value)):
                errors[field] = f"链接应以 http:// 或 https:// 开头，不超过{URL_MAX}个字符"
        elif field == "body":
            if value and len(value) > sanitize.MAX_BODY:
                errors[field] = "正文过长，请分成几篇"
            else:
                value = sanitize.clean(value)
        clean[field] = value
    if errors:
        raise _invalid(errors)
    return clean


def public_texts(article: Article) -> dict[str, str | None]:
    return {"title": article.title, "summary": article.summary, "body": sanitize.text_of(article.body or "")}


def check_content(article: Article) -> None:
    content_check.require_clean(public_texts(article), LABELS)


def create(user: User, nomination_id: int, title: str, outlet: str = "other") -> Article:
    require_organizer(user)
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None:
        raise not_found("被推荐人")
    if nomination.status not in NOMINEE_STATUSES:
        raise DomainError("not_finalist", f"{nomination.name or '该推荐对象'}尚未入围，不能撰写推介文章", 409)
    values = _validated({"title": title, "outlet": outlet})
    article = Article(campaign_id=nomination.campaign_id, nomination=nomination, body="", status="draft",
                      created_by_id=user.id, **values)
    db.session.add(article)
    db.session.flush()
    audit.record("article.created", "article", article.id, actor=user,
                 data={"title": article.title, "nomination_id": nomination.id})
    db.session.commit()
    return article


def update(user: User, article_id: int, values: dict) -> Article:
    article = load_for_edit(user, article_id)
    clean = _validated({k: v for k, v in values.items() if k in EDITABLE})
    changed = [field for field, value in clean.items() if getattr(article, field) != value]
    if not changed:
        return article
    for field in changed:
        setattr(article, field, clean[field])
    if article.status in LIVE_STATUSES:
        check_content(article)  # shown as soon as it is saved
    audit.record("article.updated", "article", article.id, actor=user,
                 data={"title": article.title, "nomination_id": article.nomination_id, "fields": changed})
    db.session.commit()
    return article


@dataclass(frozen=True)
class ConsoleFilters:
    nomination_id: int | None = None
    status: str | None = None
    outlet: str | None = None


def for_console(filters: ConsoleFilters, page: int = 1, per_page: int = 20) -> tuple[list[Article], int, dict]:
    """Articles of the current campaign for the console, newest first, with counts by state (all filters but the state)."""
    campaign = stages.current_campaign()
    conditions = [Article.campaign_id == campaign.id]
    if filters.nomination_id:
        conditions.append(Article.nomination_id == filters.nomination_id)
    if filters.outlet in OUTLET_LABELS:
        conditions.append(Article.outlet == filters.outlet)
    counts = dict.fromkeys(ARTICLE_STATUS_LABELS, 0)
    counts.update(db.session.execute(sa.select(Article.status, sa.func.count(Article.id)).where(*conditions)
                                     .group_by(Article.status)).all())
    if filters.status in ARTICLE_STATUS_LABELS:
        conditions.append(Article.status == filters.status)
    total = db.session.scalar(sa.select(sa.func.count(Article.id)).where(*conditions))
    items = list(db.session.scalars(sa.select(Article).where(*conditions)
                                    .order_by(sa.func.coalesce(Article.publish_at, Article.updated_at).desc(),
                                              Article.id.desc())
                                    .offset((page - 1) * per_page).limit(per_page)))
    return items, total, counts


def finalists() -> list[Nomination]:
    """The nominees articles may be about, by name (the console's choice of nominee)."""
    campaign = stages.current_campaign()
    return list(db.session.scalars(sa.select(Nomination).where(Nomination.campaign_id == campaign.id,
                                                               Nomination.status.in_(NOMINEE_STATUSES))
                                   .order_by(Nomination.name, Nomination.id)))
