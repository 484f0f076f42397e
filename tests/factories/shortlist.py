"""Factories for the shortlist tests: qualified nominations (status set through the ORM, as review would),
organizers, and minutes files of each kind."""
from __future__ import annotations

import io
import itertools

import sqlalchemy as sa
from docx import Document

from app.extensions import db
from app.models import Campaign, Nomination, NominationChannel, Organization, OrganizationKind, User
from app.models.base import utcnow
from tests.factories.likes import make_nominee
from tests.factories.nominations import jpeg_bytes, pdf_bytes

PLACES = ("海州区", "连云区", "赣榆区", "东海县", "灌云县", "开发区")
TRADES = ("数控车工", "焊工", "电工", "港口机械维修")
_serial = itertools.count(1)


def make_organizer(name: str = "周主任") -> User:
    user = User(username=f"org{next(_serial)}", nickname=name, roles=["organizer"])
    db.session.add(user)
    db.session.commit()
    return user


def qualify(nominations) -> list[Nomination]:
    """What the review service does to a nomination it passes: status 审核合格 (through the ORM, so keys follow)."""
    for nomination in nominations:
        nomination.status = "qualified"
        nomination.content_checked_at = nomination.content_checked_at or utcnow()
    db.session.commit()
    return list(nominations)


def make_qualified(campaign: Campaign, count: int, *, org: Organization | None = None) -> list[Nomination]:
    """`count` qualified nominees spread over places, trades and both organization channels."""
    union = org or Organization(name=f"海州区总工会{next(_serial)}", kind=OrganizationKind.county_union,
                                district="海州区")
    association = Organization(name=f"市机械行业协会{next(_serial)}", kind=OrganizationKind.association)
    db.session.add_all([union, association])
    db.session.commit()
    made = []
    for i in range(count):
        nomination = make_nominee(
            campaign, name=f"入围候选{i + 1:02d}", status="qualified", district=PLACES[i % len(PLACES)],
            trade=TRADES[i % len(TRADES)], story="扎根一线二十年，带领班组攻克多项工艺难题。" * 20,
            content_checked_at=utcnow())
        if i % 5 == 4:  # a self-nomination: the worker filed it, no recommending organization
            nomination.channel, nomination.nominee_user_id = NominationChannel.self_nomination, nomination.submitted_by_id
        elif i % 3 == 2:
            nomination.channel, nomination.nominating_org_id = NominationChannel.association, association.id
        else:
            nomination.nominating_org_id = union.id
        made.append(nomination)
    db.session.commit()
    return made


def statuses(ids) -> dict[int, str]:
    return dict(db.session.execute(sa.select(Nomination.id, Nomination.status).where(Nomination.id.in_(list(ids)))).all())


def minutes_pdf() -> bytes:
    return pdf_bytes()


def minutes_jpeg() -> bytes:
    return jpeg_bytes((1200, 900))


def minutes_docx(text: str = "选树活动领导小组第二次会议纪要") -> bytes:
    document = Document()
    document.add_heading(text, level=1)
    document.add_paragraph("会议研究确定 50 名入围对象。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
