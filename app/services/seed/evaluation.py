"""Demo evaluation (评议公告), done through the panel and results services as the demo organizer 周主任.

Five experts form the panel (孙教授 the chair); every finalist is assigned to every expert; one expert declares
a conflict of interest for a finalist from their own unit and abstains on them. The experts score on the four
criteria; they differ in severity (one marks everyone two points lower, another two higher), which the raw mean
absorbs because every expert scores every finalist. Two finalists end level across the 10th/11th boundary: the
chair orders them with a reason, then the ranking is confirmed, the results are confirmed from it and the public
notice published. A member of the public files an objection, which waits for the organizer's answer.
Each step acts only on what has not reached it yet: running the seed again changes nothing.
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, Objection, User
from app.services.campaigns import stages
from app.services.panel import decisions, formation, ranking, rounds, scoring
from app.services.results import confirmation, notice, objections
from app.services.seed import review as seed_review

# (openid, name, unit, kind); the first is the chair. 孙教授 (dev-expert) is one of the demo logins.
EXPERTS = (
    ("dev-expert", "孙教授", "江苏海洋大学机械工程学院", "expert"),
    ("dev-expert-qian", "钱高工", "市港航物流集团", "leader"),
    ("dev-expert-li", "李主任", "市人力资源和社会保障局职业能力建设处", "leader"),
    ("dev-expert-zhao", "赵高级技师", "市职业技术学院", "expert"),
    ("dev-expert-wu", "吴总工程师", "连云港海缘数控机床有限公司", "expert"),
)
# How each expert marks: the same finalist gets this much more (or less) from them on every criterion.
SEVERITY = (1, -2, 2, -1, 0)
CONFLICTED_EXPERT = 4  # 吴总工程师 abstains on a finalist of his own company (severity 0: the mean is unchanged)
CONFLICT_REASON = "该入围对象与本人同在连云港海缘数控机床有限公司工作，依规回避。"
TIE_REASON = ("两人评议得分相同。经评议组组长裁定：前者的技术革新成果已在全市同行业推广应用，领军作用更为突出，"
              "列第 10 名；后者列第 11 名。")
OBJECTION = {"real_name": "李建国", "mobile": "13905180000", "relation": "public",
             "content": "公示材料中所列“全国职业技能大赛银奖”与本人了解的情况不符，请核实其获奖证书及比赛名次。"}
OBJECTOR_OPENID = "dev-bob"


def _quality_ranks(count: int) -> list[int]:
    """A fixed shuffle of the finalists' places (not their ids' order), the 10th and 11th level."""
    step = next(s for s in (17, 19, 23, 29, 31) if count % s)
    return [(i * step) % count for i in range(count)]


def _base(rank: int) -> int:
    return 95 - min(rank, 9) - max(rank - 10, 0)  # places 9 and 10 (0-based) both 86


def _scores(base: int, severity: int, spread: int) -> dict[str, int]:
    # Criteria differ a little around the expert's total, summing to it: the weighted total is base + severity.
    return {"skill": base + severity + spread, "mastery": base + severity - spread,
            "leadership": base + severity, "contribution": base + severity}


def _experts() -> list[User]:
    people = []
    for openid, name, _unit, _kind in EXPERTS:
        user = db.session.scalars(sa.select(User).where(User.openid == openid)).first()
        if user is None:
            user = User(openid=openid, nickname=name, roles=["expert"])
            db.session.add(user)
        elif "expert" not in (user.roles or []):
            user.roles = [*(user.roles or []), "expert"]
        people.append(user)
    db.session.commit()
    return people


def _form_panel(actor: User, campaign: Campaign, experts: list[User]) -> None:
    if formation.members(campaign):
        return
    for index, (user, (_openid, _name, unit, kind)) in enumerate(zip(experts, EXPERTS)):
        formation.add_member(actor, campaign, user.id, unit=unit, kind=kind, is_chair=index == 0)


def _score(actor: User, campaign: Campaign, experts: list[User]) -> None:
    if rounds.main_round(campaign) is None:
        rounds.open_main(actor, campaign)
    round_ = rounds.open_round(campaign)
    if round_ is None:
        return
    finalists = formation.finalists(campaign)
    ranks = _quality_ranks(len(finalists))
    conflicted = finalists[ranks.index(min(len(finalists) - 1, 20))].id  # a mid-table finalist, not at a boundary
    for j, expert in enumerate(experts):
        member = formation.member_of(campaign, expert)
        done = scoring.sheets_of(round_, member)
        for i, nomination in enumerate(finalists):
            if nomination.id in done and done[nomination.id].submitted_at is not None:
                continue
            if j == CONFLICTED_EXPERT and nomination.id == conflicted:
                scoring.save(expert, campaign, nomination.id, conflict="same_unit", conflict_reason=CONFLICT_REASON,
                             submit=True)
                continue
            spread = 0 if ranks[i] in (9, 10) else (i + j) % 3 - 1
            scoring.save(expert, campaign, nomination.id, scores=_scores(_base(ranks[i]), SEVERITY[j], spread),
                         comment="技艺精湛，示范带动作用明显" if ranks[i] < 10 else "", submit=True)
    rounds.close(actor, campaign)


def _settle_ties(actor: User, campaign: Campaign) -> None:
    for tie in ranking.compute(campaign).ties:
        order = sorted(tie.nomination_ids)  # the chair's choice, recorded with the reason below
        decisions.chair_order(actor, campaign, tie.boundary, order, TIE_REASON)


def _confirm_and_publish(actor: User, campaign: Campaign, publish_at: datetime | None) -> None:
    if decisions.confirmed(campaign) is None:
        decisions.confirm(actor, campaign)
    if confirmation.current_notice(campaign) is None:
        confirmation.confirm_results(actor, campaign, confirmation.proposed_order(campaign))
    if notice.window(campaign).published is False:
        notice.publish(actor, campaign, now=publish_at)


def _object(campaign: Campaign, at: datetime | None) -> None:
    """A member of the public objects to a winner (once; the demo's objector is 李建国, dev-bob)."""
    objector = db.session.scalars(sa.select(User).where(User.openid == OBJECTOR_OPENID)).one()
    if db.session.scalar(sa.select(Objection.id).where(Objection.campaign_id == campaign.id,
                                                       Objection.user_id == objector.id)) is not None:
        return
    entries = [e for e in confirmation.entries(campaign) if e.group == "winner"]
    if entries:
        target = entries[len(entries) // 2]
        objections.create(objector, {**OBJECTION, "nomination_id": target.nomination_id}, now=at)


def seed(campaign: Campaign, *, publish_at: datetime | None = None) -> None:
    """The panel's work and the public notice; `publish_at` backdates the notice (commendation needs it over)."""
    actor = seed_review.organizer()
    if not notice.window(campaign).published:
        stages.set_override(campaign, "evaluation", actor=actor, reason="演示数据：评议公告")
        db.session.commit()
    if confirmation.current_notice(campaign) is None:
        experts = _experts()
        _form_panel(actor, campaign, experts)
        _score(actor, campaign, experts)
        _settle_ties(actor, campaign)
    _confirm_and_publish(actor, campaign, publish_at)
    if notice.window(campaign, now=publish_at).state == "open":
        _object(campaign, publish_at)
