"""The operation log's sentences about promotion articles (技能推介)."""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from app.console.audit_words import Sentence, fmt, join, link

FIELD_LABELS = {"title": "标题", "summary": "摘要", "body": "正文", "outlet": "发布媒体", "source_url": "原文或视频链接"}


def _article(d, t) -> Markup:
    """The article by its title (as it was then), linked to its editor."""
    try:
        href = url_for("console.article_edit", article_id=int(t))
    except (TypeError, ValueError):
        return fmt("推介文章《{}》", d.get("title") or "")
    return fmt("推介文章{}", link(href, f"《{d.get('title') or f'第{t}篇'}》"))


def _about(d, w) -> Markup:
    return fmt("（关于 {}）", w.nomination(d["nomination_id"])) if d.get("nomination_id") else Markup("")


def _sentence(template: str) -> Sentence:
    """"{article}" and "{about}" are replaced by the linked article and the nominee it is about."""
    def sentence(d, t, w, _e):
        return Markup(template).format(article=_article(d, t), about=_about(d, w))
    return sentence


def _updated(d, t, w, _e):
    fields = [FIELD_LABELS.get(f, "其他内容") for f in d.get("fields") or []]
    what = fmt("：{}", join(fields)) if fields else Markup("")
    return fmt("修改了{}{}", _article(d, t), _about(d, w)) + what


def _published(d, t, w, e):
    told = "，并通知被推荐人及其推荐单位" if d.get("notified", True) else "（此前已通知过，不再重复通知）"
    return _timed("发布了{}{}，发布时间 {}")(d, t, w, e) + told


def _timed(template: str) -> Sentence:
    def sentence(d, t, w, _e):
        when = w.moment(d["publish_at"]) if d.get("publish_at") else "某个时间"
        return fmt(template, _article(d, t), _about(d, w), when)
    return sentence


ARTICLE_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "article.created": ("新建推介文章", _sentence("新建了{article}{about}")),
    "article.updated": ("修改推介文章", _updated),
    "article.image_added": ("上传文章图片", _sentence("为{article}上传了一张正文图片")),
    "article.cover_changed": ("更换文章封面", _sentence("为{article}上传了封面图")),
    "article.cover_removed": ("移除文章封面", _sentence("移除了{article}的封面图")),
    "article.published": ("发布推介文章", _published),
    "article.scheduled": ("定时发布推介文章", _timed("设置{}{}于 {} 定时发布")),
    "article.published_on_schedule": ("定时发布生效", _timed("{}{}按计划于 {} 发布，已通知被推荐人及其推荐单位")),
    "article.schedule_cancelled": ("取消定时发布", _sentence("取消了{article}{about}的定时发布，文章回到草稿")),
    "article.unpublished": ("撤下推介文章", _sentence("撤下了{article}{about}")),
}
