"""Publishing articles now or on schedule, taking them down, and the worker's due check.

Publishing waits for the promotion stage (campaigns/stages: "articles") at the moment the article goes
public, and passes the content check. A scheduled article is public from its time on (visibility.py);
the due check then records it as published and tells the nominee and their organization, once.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import Article, Nomination, NominationChannel, User
from app.models.base import as_utc, utcnow
from app.services import audit, jobs
from app.services.articles import sanitize
from app.services.articles.editing import check_content, load_for_edit
from app.services.articles.visibility import NOMINEE_STATUSES
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.nominations.access import representative_ids
from app.services.notifications.outbox import notify

log = logging.getLogger(__name__)
JOB = "articles.publish_due"
WAKE_KEY = "articles_wake_in"


def parse_local(campaign, text: str | None) -> datetime | None:
    """A date and time typed in the console ("2019-08-03T09:00"), read in the campaign's time zone."""
    if not text or not text.strip():
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DomainError("validation_error", "发布时间格式不正确", 400,
                          details={"fields": {"publish_at": "请填写日期和时间"}}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(campaign.timezone))
    return moment


def recipients(nomination: Nomination) -> list[int]:
    """The nominee and the representatives of the organization that put them forward (for a self-nomination,
    the employer that endorsed it)."""
    people = set(representative_ids(nomination.nominating_org_id))
    if nomination.channel == NominationChannel.self_nomination:
        people |= set(representative_ids(nomination.employer_org_id))
    if nomination.nominee_user_id is not None:
        people.add(nomination.nominee_user_id)
    return sorted(people)


def _tell_once(article: Article, now: datetime) -> bool:
    """Tell the nominee and their organization, unless they were told when it was first published."""
    if article.notified_at is not None:
        return False
    article.notified_at = now
    people = recipients(article.nomination)
    if people:
        notify("promotion_published", people, {"nominee": article.nomination.name, "article": article.title,
                                                "article_id": article.id, "nomination_id": article.nomination_id})
    return True


def _require_publishable(article: Article, when: datetime) -> None:
    stages.require_stage_for(article.nomination.campaign, "articles", when)
    if article.nomination.status not in NOMINEE_STATUSES:
        raise DomainError("not_finalist", "该推荐对象已不在入围名单中，不能发布推介文章", 409)
    if not sanitize.text_of(article.body or "") and not sanitize.image_ids(article.body or ""):
        raise DomainError("validation_error", "正文是空的，请先撰写正文再发布", 400,
                          details={"fields": {"body": "请填写正文"}})
    check_content(article)


def publish(user: User, article_id: int, publish_at: datetime | None = None,
            now: datetime | None = None) -> Article:
    """Publish now (no time, or a time already past: that date is shown) or at a later time (scheduled)."""
    now = now or utcnow()
    article = load_for_edit(user, article_id)
    if article.status == "published":
        raise DomainError("already_published", "这篇文章已经发布", 409)
    # Stored in UTC: SQLite keeps a time's digits and drops its offset.
    when = as_utc(publish_at).astimezone(timezone.utc) if publish_at else now
    _require_publishable(article, max(now, when))
    article.publish_at = when
    data = {"title": article.title, "nomination_id": article.nomination_id, "publish_at": when.isoformat()}
    if when <= now:
        article.status = "published"
        data["notified"] = _tell_once(article, now)
        audit.record("article.published", "article", article.id, actor=user, data=data)
    else:
        article.status = "scheduled"
        audit.record("article.scheduled", "article", article.id, actor=user, data=data)
        wake_in = (when - now).total_seconds() + 1
        db.session.info[WAKE_KEY] = min(wake_in, db.session.info.get(WAKE_KEY, wake_in))
    db.session.commit()
    return article


def unpublish(user: User, article_id: int, reason: str | None = None, now: datetime | None = None) -> Article:
    """Take a published article down, or call a scheduled one back to draft."""
    article = load_for_edit(user, article_id)
    reason = (reason or "").strip()[:200] or None
    data = {"title": article.title, "nomination_id": article.nomination_id}
    # A scheduled article whose time has come is public already, whether or not the worker has seen it.
    if article.status == "published" or (article.status == "scheduled" and as_utc(article.publish_at) <= (now or utcnow())):
        article.status = "unpublished"
        audit.record("article.unpublished", "article", article.id, actor=user, reason=reason, data=data)
    elif article.status == "scheduled":
        article.status = "draft"
        audit.record("article.schedule_cancelled", "article", article.id, actor=user, reason=reason, data=data)
    else:
        raise DomainError("not_published", "这篇文章尚未发布，无需撤下", 409)
    db.session.commit()
    return article


def publish_due(now: datetime | None = None) -> int:
    """Record scheduled articles whose time has come as published and tell people; safe in several workers."""
    now = now or utcnow()
    due = list(db.session.scalars(
        sa.select(Article).where(Article.status == "scheduled", Article.publish_at <= now)
        .order_by(Article.publish_at, Article.id).with_for_update(skip_locked=True)))
    for article in due:
        article.status = "published"
        _tell_once(article, now)
        audit.record("article.published_on_schedule", "article", article.id, actor_label="worker",
                     data={"title": article.title, "nomination_id": article.nomination_id,
                           "publish_at": as_utc(article.publish_at).isoformat()})
    db.session.commit()
    return len(due)


def wake_worker(delay_seconds: float | None = None) -> None:
    """Ask the worker for a due check then; if Redis is down, the worker's start-up sweep finds it later."""
    try:
        jobs.enqueue(JOB, delay_seconds=delay_seconds)
    except Exception:  # noqa: BLE001 - the schedule is committed; losing the wake-up only delays it
        log.warning("could not enqueue the articles' due check; the worker sweep will pick it up", exc_info=True)


@sa.event.listens_for(so.Session, "after_commit")
def _wake_when_due(session: so.Session) -> None:
    delay = session.info.pop(WAKE_KEY, None)
    if delay is not None:
        wake_worker(delay)


@sa.event.listens_for(so.Session, "after_rollback")
def _forget_wake(session: so.Session) -> None:
    session.info.pop(WAKE_KEY, None)
