"""Recording the awards of a campaign's winners, the city union's medal check and each item's state."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import AWARD_ITEMS, ITEM_STATES, MEDAL_CHECKS, Award, Campaign, HonourRollEntry, Nomination, User
from app.services import audit
from app.services.errors import DomainError, not_found
from app.services.notifications.outbox import notify
from app.services.results import finality

WINNER_TITLES = {"top_winner": "港城十大工匠", "winner": "港城工匠"}
# Which states each item may take: a prize is paid, things are handed over.
ITEM_FLOW = {"medal": ("pending", "prepared", "handed_over"), "certificate": ("pending", "prepared", "handed_over"),
             "plaque": ("pending", "prepared", "handed_over"), "prize": ("pending", "prepared", "paid")}


def winners(campaign: Campaign) -> list[Nomination]:
    order = sa.case((Nomination.status == "top_winner", 0), else_=1)
    return list(db.session.scalars(sa.select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.status.in_(list(WINNER_TITLES))).order_by(order, Nomination.id)))


def for_campaign(campaign: Campaign) -> list[Award]:
    order = sa.case((Award.medal_check.is_not(None), 0), else_=1)
    return list(db.session.scalars(sa.select(Award).where(Award.campaign_id == campaign.id)
                                   .order_by(order, Award.id)))


def get(award_id: int) -> Award:
    award = db.session.get(Award, award_id)
    if award is None:
        raise not_found("表彰记录")
    return award


def record_awards(campaign: Campaign, *, actor: User, now: datetime | None = None) -> list[Award]:
    """An award for every winner without one, and each winner on the honour roll; the caller commits.

    Only once the results are final (the notice over, objections answered, places filled): an award is never
    recorded for a title an objection could still take away.
    """
    finality.require_final(campaign, now)
    existing = {a.nomination_id for a in for_campaign(campaign)}
    made = []
    for nomination in winners(campaign):
        if nomination.id in existing:
            continue
        top = nomination.status == "top_winner"
        award = Award(campaign_id=campaign.id, nomination_id=nomination.id, title=WINNER_TITLES[nomination.status],
                      prize_yuan=campaign.prize_top_yuan if top else campaign.prize_winner_yuan,
                      medal_check="pending" if top else None,
                      items={item: {"state": "pending", "on": None} for item in AWARD_ITEMS if top or item != "medal"})
        award.nomination = nomination
        db.session.add(award)
        enter_honour_roll(campaign, nomination, award.title)
        made.append(award)
    if not made:
        raise DomainError("no_new_winners", "没有需要登记表彰的新当选者（请先确认评议结果）", 409)
    db.session.flush()
    audit.record("award.recorded", "campaign", campaign.id, actor=actor,
                 data={"count": len(made), "year": campaign.year})
    for award in made:
        nomination = award.nomination
        people = [nomination.submitted_by_id] + ([nomination.nominee_user_id] if nomination.nominee_user_id else [])
        medal = "、五一劳动奖章（经市总工会审核后颁发）" if award.medal_check else ""
        notify("award_details", people, {"nomination_id": nomination.id, "details": (
            f"{nomination.name}荣获{campaign.year}年度“{award.title}”称号，将颁发证书、奖牌{medal}"
            f"和一次性奖励{award.prize_yuan}元，具体安排另行通知。")})
    return made


def enter_honour_roll(campaign: Campaign, nomination: Nomination, title: str) -> HonourRollEntry:
    # The same person may already be there for this year (imported by hand before the awards were recorded).
    entry = db.session.scalars(sa.select(HonourRollEntry).where(sa.or_(
        HonourRollEntry.nomination_id == nomination.id,
        sa.and_(HonourRollEntry.year == campaign.year, HonourRollEntry.name == nomination.name,
                HonourRollEntry.employer_name == (nomination.employer_name or ""))))).first()
    if entry is None:
        entry = HonourRollEntry(year=campaign.year, nomination_id=nomination.id, name=nomination.name,
                                employer_name=nomination.employer_name or "")
        db.session.add(entry)
    entry.nomination_id, entry.title, entry.trade = nomination.id, title, nomination.trade
    entry.birth_month, entry.mobile = nomination.birth_month, nomination.mobile
    return entry


def set_medal_check(award: Award, result: str, checked_on: date | None, note: str, *, actor: User) -> None:
    if award.medal_check is None:
        raise DomainError("no_medal", "港城工匠不授予五一劳动奖章，无需审核", 409)
    if result not in MEDAL_CHECKS or result == "pending":
        raise DomainError("validation_error", "请选择审核结果：通过或未通过", 422)
    if checked_on is None:
        raise DomainError("validation_error", "请填写审核日期", 422)
    note = (note or "").strip()
    if len(note) > 200:
        raise DomainError("validation_error", "备注不超过 200 字", 422)
    before = award.medal_check
    award.medal_check, award.medal_checked_on, award.medal_note = result, checked_on, note or None
    audit.record("award.medal_checked", "nomination", award.nomination_id, actor=actor,
                 data={"from": before, "to": result, "on": checked_on.isoformat(), "note": note})


def set_item_state(award: Award, item: str, state: str, on: date | None, *, actor: User) -> None:
    if item not in award.items:
        raise DomainError("validation_error", "该获奖者没有这一项", 422)
    if state not in ITEM_FLOW[item]:
        raise DomainError("validation_error", f"{AWARD_ITEMS[item]}没有“{ITEM_STATES.get(state, state)}”这一状态", 422)
    if state != "pending" and on is None:
        raise DomainError("validation_error", "请填写日期", 422)
    if item == "medal" and state != "pending" and award.medal_check != "passed":
        raise DomainError("medal_not_checked", "五一劳动奖章须经市总工会审核通过后才能准备和颁发", 409)
    before = award.items[item]["state"]
    award.items = {**award.items, item: {"state": state, "on": on.isoformat() if on and state != "pending" else None}}
    audit.record("award.item_changed", "nomination", award.nomination_id, actor=actor,
                 data={"item": item, "from": before, "to": state, "on": on.isoformat() if on else None})
