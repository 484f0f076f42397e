"""The words the operation log's sentences are made of: linked names, id ranges, China-time dates, actors.

Everything here returns Markup built with Markup.format / escape, so a name or a value typed by anyone
(a nominee's name, an organization, a reason) is escaped exactly once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Callable
from zoneinfo import ZoneInfo

from flask import url_for
from markupsafe import Markup, escape

from app.models import Campaign
from app.models.base import as_utc
from app.services.campaigns.creation import STAGE_DEFAULTS

# System actors (actor_label of entries no logged-in person wrote), as organizers call them.
SYSTEM_ACTORS = {"cli": "命令行", "seed-demo": "演示数据", "seed": "演示数据", "worker": "后台任务",
                 "system": "系统", "test": "测试"}
DEFAULT_STAGE_NAMES = {key: name for key, name, *_ in STAGE_DEFAULTS}
SEP = Markup("、")
# (entry data, target id, Words, the entry) → the sentence.
Sentence = Callable[[dict, object, "Words", object], Markup]


@dataclass
class Words:
    """What one page of entries is rendered with: the names looked up in batch and the campaign."""
    campaign: Campaign
    found: dict[str, dict[int, tuple]] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.campaign.timezone)

    def row(self, kind: str, value):
        try:
            return self.found.get(kind, {}).get(int(value))
        except (TypeError, ValueError):
            return None

    # --- linked names ---------------------------------------------------------------------------

    def nomination(self, nomination_id) -> Markup:
        row = self.row("nomination", nomination_id)
        if row is None:
            return Markup("一份已不存在的推荐") if nomination_id is not None else Markup("一份推荐")
        name = row.name or f"第{row.id}号推荐（未填姓名）"
        return link(url_for("console.nomination_detail", nomination_id=row.id), name)

    def organization(self, org_id, fallback: str | None = None) -> Markup:
        row = self.row("organization", org_id)
        if row is None:
            return escape(fallback) if fallback else Markup("一个已不存在的组织")
        return link(url_for("console.organization_detail", org_id=row.id), row.name)

    def lead(self, lead_id) -> Markup:
        row = self.row("lead", lead_id)
        text = f"推荐线索“{row.name}”" if row is not None else "一条推荐线索"
        return link(url_for("console.leads_page"), text)

    def person(self, user_id) -> Markup:
        """A person named in an entry's data (a representative, an inviter): by name, never a bare number."""
        return escape(user_name(self.row("user", user_id), user_id))

    def account(self, user_id) -> Markup:
        """A console account: its name, linked to the accounts page."""
        return link(url_for("console.accounts"), user_name(self.row("user", user_id), user_id))

    def stage(self, key) -> str:
        if key is None:
            return "按日期自动确定"
        stage = self.campaign.stage(key)
        return stage.name if stage is not None else DEFAULT_STAGE_NAMES.get(key, "未知阶段")

    # --- dates, in the campaign's time zone (China time) ------------------------------------------

    def local(self, iso) -> datetime | None:
        try:
            moment = datetime.fromisoformat(str(iso))
        except ValueError:
            return None
        return as_utc(moment).astimezone(self.zone)

    def day(self, value: date) -> str:
        text = f"{value.month}月{value.day}日"
        return text if value.year == self.campaign.year else f"{value.year}年{text}"

    def moment(self, iso) -> str:
        local = self.local(iso)
        return f"{self.day(local.date())} {local:%H:%M}" if local else "某个时间"

    def window(self, since, until) -> str:
        """A void's time window as people say it: 7月20日 / 7月20日 14:00–16:00 / 7月20日 14:00 之后."""
        start, end = self.local(since) if since else None, self.local(until) if until else None
        if start and end:
            midnight = start.time() == end.time() == datetime.min.time()
            if midnight and end.date() - start.date() == timedelta(days=1):
                return self.day(start.date())
            if midnight:
                return f"{self.day(start.date())}至{self.day(end.date() - timedelta(days=1))}"
            if start.date() == end.date():
                return f"{self.day(start.date())} {start:%H:%M}–{end:%H:%M}"
            return f"{self.moment(since)} 至 {self.moment(until)}"
        if start:
            return f"{self.moment(since)} 之后"
        return f"{self.moment(until)} 之前" if end else ""


def fmt(template: str, *args) -> Markup:
    """The template is trusted markup; every argument is escaped unless it is Markup already."""
    return Markup(template).format(*args)


def link(href: str, text) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


def join(items) -> Markup:
    return SEP.join(escape(i) for i in items)


def user_name(row, user_id=None) -> str:
    """A console account by its name, a WeChat user by nickname, else as 微信用户 #id."""
    if row is not None and (row.nickname or row.username):
        return row.nickname or row.username
    return f"微信用户 #{row.id if row is not None else user_id}" if (row or user_id) else "未知用户"


def actor(entry, words: Words) -> str:
    if entry.actor_user_id:
        return user_name(words.row("user", entry.actor_user_id), entry.actor_user_id)
    return SYSTEM_ACTORS.get(entry.actor_label, entry.actor_label or "系统")


def id_ranges(ids) -> str:
    """[38, 39, 40, 45, 47, 48] → 38–40、45、47、48: runs of three or more read as a range."""
    numbers = sorted({int(i) for i in ids})
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = []
    for run in runs:
        parts += [f"{run[0]}–{run[-1]}"] if len(run) >= 3 else [str(n) for n in run]
    return "、".join(parts)


def some(items, most: int = 5, unit: str = "个") -> Markup:
    """The first few of a list, then how many more."""
    items = list(items)
    shown = join(items[:most])
    return shown if len(items) <= most else Markup("{}等 {} {}").format(shown, len(items), unit)
