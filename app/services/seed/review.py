"""Demo review and shortlist, done through the review and shortlist services as the demo organizer (周主任).

In the review stage a sample of the work is done, so the queue shows every state: one nomination of each
channel qualified, two in progress, one returned for more, one rejected; the others wait. Every decided
nomination has a check record first (实地了解, 相关部门书面认证 or 技术比武). From the
promotion stage on, everything is decided: the 50 future finalists and 4 more qualified, 4 turned down
(rejected; the returned one after its nominee resubmitted it), then the leadership group's decision with
its minutes and the confirmed shortlist of 50 — so 4 qualified are 未入围 and 4 are 不予通过.
Each step acts only on what has not reached it yet: running the seed again changes nothing.
"""
from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
from PIL import Image, ImageDraw

from app.extensions import db
from app.models import Campaign, Nomination, NominationReview, User
from app.models.nomination import REVIEW_QUEUE_STATUSES
from app.services.campaigns import stages
from app.services.nominations import submission, windows
from app.services.review import checklist, checks, decisions, work
from app.services.shortlist import decision, outcome, picks

ORGANIZER_OPENID = "dev-organizer"
# Indices in the plan's order (seed/nominations.py): 0–49 future finalists, 50–57 turned down.
SAMPLE_QUALIFIED = (0, 26, 38, 44)  # a county union's, a unit union's, an association's, a self-nomination
SAMPLE_IN_PROGRESS = (1, 27)
SAMPLE_RETURNED = 57  # a self-nomination: its nominee (dev-worker57) sees 已退回 and resubmits
SAMPLE_REJECTED = 56
NOT_SHORTLISTED = range(50, 54)
REJECTED = {
    54: "经实地了解，推荐材料所述技术革新成果尚在试验阶段，未在企业推广应用，暂不符合推荐条件。",
    55: "经相关部门书面认证，所报职业技能等级证书与本人从事工种不一致，不符合推荐条件。",
    56: "经相关部门书面认证，所报技能大赛获奖情况与实际不符，不予通过。",
    57: "补充材料后，所报创新成果仍无法提供获奖证书或相关部门证明，不予通过。",
}
RETURN_NOTE = "所报“市职工科技创新成果奖”请补充获奖证书扫描件。"
CONFIRM_NOTE = "经实地了解及所在单位书面证明，情况属实"
# How each was checked, as the notice names the ways: (method, who, what was found).
CHECKS = (
    ("site_visit", "市总工会经济技术部 周主任、所在县区总工会", "到生产一线实地了解，与班组同事、车间负责人座谈，工作表现和群众评价与推荐材料相符。"),
    ("written_confirmation", "市人力资源和社会保障局职业能力建设处", "书面确认其职业技能等级证书和技能竞赛获奖情况属实。"),
    ("skills_contest", "市职工技能竞赛组委会", "参加组织的技术比武，实操项目成绩优秀，技术水平与所报情况一致。"),
)
MEETING = "寻找“身边的港城工匠”选树活动领导小组第二次会议"
ATTENDEES = "市总工会党组书记、常务副主席（组长），市总工会副主席，经济技术部、宣传教育部、组织部负责同志"


def organizer() -> User:
    return db.session.scalars(sa.select(User).where(User.openid == ORGANIZER_OPENID)).one()


def _version(nomination_id: int) -> int:
    review = db.session.scalars(sa.select(NominationReview).where(NominationReview.nomination_id == nomination_id)
                                .execution_options(populate_existing=True)).first()
    return review.version if review else 0


def _fresh(nomination: Nomination) -> Nomination:
    return db.session.scalars(sa.select(Nomination).where(Nomination.id == nomination.id)
                              .execution_options(populate_existing=True)).one()


def _confirm_checklist(actor: User, nomination_id: int) -> None:
    """What a reviewer does before qualifying: accept the system's findings, then judge the rest."""
    work.confirm_passing(actor, nomination_id)
    nomination, review = work.load(actor, nomination_id)
    for item in checklist.items(nomination, review, work.checks_count(nomination_id)):
        if item.auto != "na" and item.confirmed is None:
            work.confirm_item(actor, nomination_id, item.key, "pass", CONFIRM_NOTE)


def _record_check(actor: User, nomination: Nomination, method: int) -> None:
    """How it was checked, once per nomination, on a day of the review stage (never after today)."""
    if work.checks_count(nomination.id):
        return
    kind, who, notes = CHECKS[method % len(CHECKS)]
    stage = nomination.campaign.stage("review")
    day = min(stage.starts_on + timedelta(days=nomination.id % 10), stages.local_today(nomination.campaign)) \
        if stage else stages.local_today(nomination.campaign)
    checks.add_check(actor, nomination.id, method=kind, checked_on=day, checked_by=who, notes=notes)


def _qualify(actor: User, nomination: Nomination) -> None:
    _record_check(actor, nomination, nomination.id)
    _confirm_checklist(actor, nomination.id)
    decisions.qualify(actor, nomination.id, _version(nomination.id), "材料真实完整，符合推荐条件")


def _reject(actor: User, nomination: Nomination, reason: str) -> None:
    _record_check(actor, nomination, 0 if "实地了解" in reason else 1)  # the check that found what the reason says
    decisions.reject(actor, nomination.id, _version(nomination.id), reason)


def review_sample(campaign: Campaign, ordered: list[Nomination]) -> None:
    """The review stage's demo: some work done on nominations that still wait for it."""
    actor = organizer()

    def waiting(index: int) -> Nomination | None:
        nomination = _fresh(ordered[index])
        return nomination if nomination.status in work.WAITING_STATUSES else None

    for index in SAMPLE_QUALIFIED:
        if (nomination := waiting(index)) is not None:
            _qualify(actor, nomination)
    for index in SAMPLE_IN_PROGRESS:
        if (nomination := waiting(index)) is not None:
            work.confirm_passing(actor, nomination.id)
    if (nomination := waiting(SAMPLE_RETURNED)) is not None:
        decisions.return_for_more(actor, nomination.id, _version(nomination.id), items=["certificate"],
                                  note=RETURN_NOTE, resubmit_by=stages.local_today(campaign) + timedelta(days=14))
    if (nomination := waiting(SAMPLE_REJECTED)) is not None:
        _reject(actor, nomination, REJECTED[SAMPLE_REJECTED])


def _resubmit(nomination: Nomination) -> None:
    """The nominee completes the return: the form is resubmitted (while the deadline allows; else it stays)."""
    if not windows.is_review_return(nomination) or not windows.open_for_changes(nomination):
        return
    filer = db.session.get(User, nomination.submitted_by_id)
    submission.submit(filer, nomination.id)


def review_all(campaign: Campaign, ordered: list[Nomination]) -> None:
    """Every submitted nomination decided: the first 54 qualified, the other 4 rejected with their reasons."""
    actor = organizer()
    _resubmit(_fresh(ordered[SAMPLE_RETURNED]))
    for index, nomination in enumerate(ordered[:max(REJECTED) + 1]):
        nomination = _fresh(nomination)
        if nomination.status not in REVIEW_QUEUE_STATUSES:
            continue
        if index in REJECTED:
            _reject(actor, nomination, REJECTED[index])
        else:
            _qualify(actor, nomination)


def minutes_image() -> bytes:
    """A photographed page of minutes: ruled lines of text and the red seal (no font needed)."""
    image = Image.new("RGB", (1240, 1754), (250, 249, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((420, 140, 820, 175), fill=(60, 60, 60))  # the title
    for row in range(24):
        y = 280 + row * 52
        draw.rectangle((140, y, 1100 - (row % 5) * 60, y + 16), fill=(110, 110, 110))
    draw.ellipse((820, 1380, 1080, 1640), outline=(200, 30, 30), width=14)
    draw.regular_polygon((950, 1510, 50), 5, fill=(200, 30, 30))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def shortlisted(campaign: Campaign, ordered: list[Nomination]) -> bool:
    """Whether review and the shortlist are done: the list confirmed, or finalists there already (a demo seeded
    before the demo went through these services, whose statuses were set by hand)."""
    return picks.is_locked(campaign, fresh=True) or any(_fresh(n).status == "finalist" for n in ordered)


def _meeting_day(campaign: Campaign) -> str:
    review_stage = campaign.stage("review")
    day = review_stage.ends_on if review_stage else stages.local_today(campaign)
    return min(day, stages.local_today(campaign)).isoformat()


def shortlist(campaign: Campaign, ordered: list[Nomination]) -> None:
    """The 50 picked, the leadership group's decision recorded with its minutes, the list confirmed."""
    actor = organizer()
    if picks.is_locked(campaign, fresh=True):
        return
    chosen = {n.id for n in ordered[:campaign.finalist_count]}
    for nomination_id in sorted(chosen - set(picks.picked_ids(campaign))):
        picks.add(actor, campaign, nomination_id)
    if decision.missing_for_confirmation(picks.current_decision(campaign, fresh=True)):
        decision.save(actor, campaign, decided_on=_meeting_day(campaign), meeting=MEETING, attendees=ATTENDEES,
                      minutes=decision.Minutes(minutes_image(), "领导小组第二次会议纪要.png"))
    outcome.confirm(actor, campaign, expected=picks.fingerprint(picks.picked_ids(campaign)))
