"""The review checklist: each rule of the notice, what the system found about it, and what a reviewer confirmed.

The system's findings come from the rules that already decide eligibility, quotas, duplicates and endorsements
(services/nominations, services/endorsement via the nomination's history); nothing here re-implements them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.models import (CHANNEL_LABELS, CONDITIONS, STATUS_LABELS, HonourRollEntry, Nomination, NominationChannel,
                        NominationReview)
from app.models.base import as_utc
from app.services.campaigns import stages
from app.services.nominations import eligibility, history, quotas, rules
from app.services.nominations.duplicates import MATCHED

# The items, in the order a reviewer goes through them.
ITEMS = {
    "works_in_city": "在本市企事业单位工作",
    "years_in_trade": "从事本工种（专业）五年以上",
    "good_standing": "遵纪守法、品行良好",
    "conditions": "具备四项推荐条件之一",
    "not_prior_winner": "未获得过“港城工匠”称号",
    "materials": "申报材料齐全",
    "endorsement": "所在单位认可有效",
    "quota": "未超出集中推荐名额",
    "priority": "优先推荐条件属实",
    "duplicates": "没有重复推荐",
}
# What the system found: pass / fail it can tell; manual needs a person; na does not apply to this nomination.
AUTO_LABELS = {"pass": "系统核对：符合", "fail": "系统核对：不符合", "manual": "需人工判断", "na": "不适用"}
RESULT_LABELS = {"pass": "符合", "fail": "不符合"}
# The words of the awards and evidence that back a priority mark, to point the reviewer at them.
PRIORITY_MARKS = {"priority_chief_employee": ("曾获市“首席员工”称号", "首席员工"),
                  "priority_innovation_award": ("市以上职工科技创新成果奖主要完成人", "创新成果")}
# Material problems (eligibility.missing_items keys) → what a return asks for (decisions.RETURN_ITEMS keys).
MISSING_TO_RETURN = {"story": "story", "id_photo": "id_photo", "work_photo": "work_photo", "certificate": "certificate",
                     "conditions": "conditions", "trade_since": "employment"}


@dataclass
class Item:
    key: str
    label: str
    auto: str
    evidence: list[str]
    confirmation: dict | None = None
    stale: bool = False  # confirmed while the system found something else: to be confirmed again
    missing: list[str] = field(default_factory=list)  # for materials: the missing_items keys

    @property
    def confirmed(self) -> str | None:
        """The reviewer's result, while it still stands."""
        return None if self.confirmation is None or self.stale else self.confirmation.get("result")


def _day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _month(value) -> str:
    return f"{value.year}年{value.month}月"


def _works_in_city(n: Nomination) -> tuple[str, list[str]]:
    places = rules.OPTIONS["district"]
    if not (n.employer_name or "").strip():
        return "fail", ["未填写工作单位"]
    lines = [f"工作单位：{n.employer_name}（{n.district or '未填写县区'}）"]
    if n.employer_org is not None:
        lines.append(f"已关联本系统登记的单位：{n.employer_org.name}")
    if n.nominating_org is not None:
        lines.append(f"推荐单位：{n.nominating_org.name}")
    if n.district not in places:
        return "fail", lines + [f"所在县区不在本市范围（{'、'.join(places)}）"]
    return "pass", lines


def _years_in_trade(n: Nomination) -> tuple[str, list[str]]:
    if n.trade_since is None:
        return "fail", ["未填写从事本工种（专业）的起始时间"]
    deadline = eligibility.years_counted_to(n.campaign)
    years = eligibility.years_in_trade(n.trade_since, deadline)
    line = f"{_month(n.trade_since)}起从事{n.trade or '本工种'}，至{_day(deadline)}（推荐申报截止）满{years}年"
    if years < eligibility.YEARS_IN_TRADE_MIN:
        return "fail", [line, f"不足{eligibility.YEARS_IN_TRADE_MIN}年"]
    return "pass", [line]


def _conditions(n: Nomination) -> tuple[str, list[str]]:
    cleaned, error = rules.validate_conditions(n.conditions or [])
    if error or not cleaned:
        return "fail", ["未选择推荐条件，或条件缺少依据"]
    return "manual", [f"条件{c['condition']}“{CONDITIONS[c['condition']]}”：{c['evidence']}" for c in cleaned] + [
        "请对照荣誉证书与核查记录，判断依据是否成立"]


def _not_prior_winner(n: Nomination) -> tuple[str, list[str]]:
    entry = eligibility.prior_title(n)
    if entry is not None:
        return "fail", [f"荣誉名册：{entry.year}年“{entry.title}”{entry.name}（{entry.employer_name}）"]
    total = db.session.scalar(sa.select(sa.func.count(HonourRollEntry.id)))
    return "pass", [f"已核对往届荣誉名册（{total}人），没有同一人的记录"]


def _materials(n: Nomination) -> tuple[str, list[str], list[str]]:
    missing = eligibility.missing_items(n)
    if missing:
        return "fail", [f"{rules.LABELS.get(k, k)}：{m}" for k, m in missing.items()], list(missing)
    return "pass", ["推荐表各项均已填写",
                    f"事迹简介{len(n.story or '')}字（约1500字）",
                    f"彩色证件照{len(n.files_of('id_photo'))}张、工作照{len(n.files_of('work_photo'))}张、"
                    f"荣誉证书{len(n.files_of('certificate'))}份"], []


def _endorsement(n: Nomination) -> tuple[str, list[str]]:
    if n.channel != NominationChannel.self_nomination:
        return "na", [f"{CHANNEL_LABELS[n.channel]}，无需单位认可"]
    answers = history.endorsements(n)
    if not answers:
        return "fail", ["没有单位认可的记录"]
    latest = answers[0]
    who = latest.organization.name if latest.organization else (n.employer_name or "所在单位")
    signer = latest.signer_name or latest.endorser.display_name
    line = f"{who}（{signer}）于{_day(stages.local_today(n.campaign, as_utc(latest.created_at)))}答复"
    if latest.decision != "confirm":
        return "fail", [line + "：不予认可"]
    if not latest.verified:
        return "fail", [line + "：认可，但尚未通过市总工会核实"]
    how = "本单位认证代表扫码认可" if latest.direct else "经市总工会核实盖章认可函"
    return "pass", [line + f"：认可（{how}）"]


def _quota(n: Nomination) -> tuple[str, list[str]]:
    org = n.nominating_org
    if org is None:
        return "na", ["个人自荐，不占集中推荐名额"]
    quota = quotas.effective_quota(org, n.campaign)
    used = quotas.used(org.id, n.campaign_id)
    line = f"{org.name}本届有效推荐{used}名，名额{quota if quota is not None else 0}名"
    if quota is None or used > quota:
        return "fail", [line, "超出名额"]
    return "pass", [line]


def _priority(n: Nomination) -> tuple[str, list[str]]:
    claimed = [(label, word) for attr, (label, word) in PRIORITY_MARKS.items() if getattr(n, attr)]
    if not claimed:
        return "na", ["未申报优先推荐条件"]
    text = " ".join([n.awards or "", n.deeds or ""] + [c.get("evidence", "") for c in n.conditions or []])
    lines = []
    for label, word in claimed:
        seen = "荣誉、事迹中有" if word in text else "荣誉、事迹中未见"
        lines.append(f"自报：{label}（{seen}“{word}”字样）")
    return "manual", lines + ["请对照荣誉证书核实"]


def _duplicates(n: Nomination) -> tuple[str, list[str]]:
    found = eligibility.find_duplicate(n)
    if found is None:
        return "pass", ["本届没有同一人的其他有效推荐（按姓名、出生年月、工作单位及手机号码核对）"]
    kind, other = found
    return "fail", [f"与第{other.id}号推荐（{other.name}，{CHANNEL_LABELS[other.channel]}，"
                    f"{STATUS_LABELS.get(other.status, other.status)}）的{MATCHED[kind]}相同"]


def applicable(n: Nomination) -> list[str]:
    """The items that apply to this nomination, without asking the database (for lists)."""
    skip = {"endorsement"} if n.channel != NominationChannel.self_nomination else {"quota"}
    if not (n.priority_chief_employee or n.priority_innovation_award):
        skip.add("priority")
    return [key for key in ITEMS if key not in skip]


def items(n: Nomination, review: NominationReview | None, checks_count: int = 0) -> list[Item]:
    """Every item with what the system finds now and the reviewer's confirmation."""
    stored = (review.checklist if review is not None else None) or {}
    found: dict[str, tuple] = {
        "works_in_city": _works_in_city(n),
        "years_in_trade": _years_in_trade(n),
        "good_standing": ("manual", ["系统无法判断，请根据实地了解、相关部门书面认证等核查结果确认",
                                     f"本推荐已有核查记录{checks_count}条"]),
        "conditions": _conditions(n),
        "not_prior_winner": _not_prior_winner(n),
        "materials": _materials(n),
        "endorsement": _endorsement(n),
        "quota": _quota(n),
        "priority": _priority(n),
        "duplicates": _duplicates(n),
    }
    result = []
    for key, label in ITEMS.items():
        auto, evidence, *rest = found[key]
        confirmation = stored.get(key) if auto != "na" else None
        stale = bool(confirmation and confirmation.get("auto") != auto)
        result.append(Item(key, label, auto, evidence, confirmation, stale, rest[0] if rest else []))
    return result


def blockers(checklist: list[Item]) -> list[Item]:
    """Items that stop a nomination from being qualified: every applicable one must be confirmed 符合."""
    return [item for item in checklist if item.auto != "na" and item.confirmed != "pass"]


def suggested_return_items(checklist: list[Item]) -> list[str]:
    """What a return should ask for, from the checklist: missing materials, conditions, priority marks."""
    wanted: list[str] = []
    for item in checklist:
        if item.key == "materials":
            for key in item.missing:
                wanted.append(MISSING_TO_RETURN.get(key, "form"))
        elif item.key == "conditions" and (item.auto == "fail" or item.confirmed == "fail"):
            wanted.append("conditions")
        elif item.key == "priority" and item.confirmed == "fail":
            wanted.append("priority")
    return list(dict.fromkeys(wanted))


def progress(n: Nomination, review: NominationReview | None) -> tuple[int, int, int]:
    """(confirmed 符合, confirmed 不符合, applicable items) from the stored confirmations, for the queue."""
    stored = (review.checklist if review is not None else None) or {}
    keys = applicable(n)
    results = [(stored.get(k) or {}).get("result") for k in keys]
    return results.count("pass"), results.count("fail"), len(keys)
