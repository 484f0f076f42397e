"""The operation log reads as Chinese sentences: every recorded action has one, names are linked and escaped."""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import DECISION_LABELS, LEAD_STATUS_LABELS, AuditEntry, Campaign, Nomination, Organization, User

APP = Path(__file__).resolve().parents[2] / "app"
# Actions built at run time, and every value they can take. A new f-string action must be added here.
DYNAMIC_ACTIONS = {
    "f'lead.{status}'": [f"lead.{s}" for s in LEAD_STATUS_LABELS if s != "new"],  # a new lead is not "marked"
    "f'endorsement.{endorsement.decision}'": [f"endorsement.{d}" for d in DECISION_LABELS],
}
ACTION_SHAPE = re.compile(r"^[a-z_]+\.[a-z_]+$")
DUMP = re.compile(r"None|[{}\[\]]|(?<!微信用户 )#\d|\b[a-z]+_[a-z_]+\b")  # a dict, list, None, "#1" or a field code


def _module_of(path: Path) -> str:
    return ".".join(path.relative_to(APP.parent).with_suffix("").parts)


def _actions_of(node, path: Path) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _actions_of(node.body, path) + _actions_of(node.orelse, path)
    if isinstance(node, ast.Name):  # a constant, here or imported: read it from the module
        value = getattr(importlib.import_module(_module_of(path)), node.id)
        assert isinstance(value, str), f"{path}: {node.id} is not an action string"
        return [value]
    if isinstance(node, ast.JoinedStr):
        key = ast.unparse(node)
        assert key in DYNAMIC_ACTIONS, f"{path}: the action {key} is built at run time; list it in DYNAMIC_ACTIONS"
        return DYNAMIC_ACTIONS[key]
    raise AssertionError(f"{path}:{node.lineno}: cannot tell which action {ast.unparse(node)} records")


def recorded_actions() -> set[str]:
    """Every action string app/ can record: audit.record(...) calls and module constants named *ACTION*."""
    found: set[str] = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Attribute) and node.func.attr == "record"
                     and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit")
                    or (isinstance(node.func, ast.Name) and node.func.id == "record")):
                found.update(_actions_of(node.args[0], path))
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and any(
                    isinstance(t, ast.Name) and "ACTION" in t.id for t in node.targets):
                if isinstance(node.value.value, str) and ACTION_SHAPE.match(node.value.value):
                    found.add(node.value.value)
    return found


@pytest.fixture
def page_ctx(seeded, app):
    with app.test_request_context("/console/audit"):
        yield db.session.scalars(sa.select(Campaign)).one()


def render(campaign, *entries) -> list[dict]:
    from app.console import audit_sentences

    return audit_sentences.rows(list(entries), campaign)


def entry(action, target_type="campaign", target_id=None, *, actor=None, actor_label="system", **data):
    return AuditEntry(action=action, target_type=target_type, target_id=None if target_id is None else str(target_id),
                      actor_user_id=actor.id if actor else None, actor_label=actor_label, data=data)


def text(markup) -> str:
    return re.sub(r"<[^>]+>", "", str(markup))


def test_every_recorded_action_has_a_sentence(page_ctx):
    from app.console.audit_sentences import SENTENCES

    actions = recorded_actions()
    assert len(actions) >= 40 and "nomination.duplicate_refused" in actions and "endorsement.decline" in actions
    missing = sorted(actions - set(SENTENCES))
    assert not missing, f"audit actions without a sentence in app/console/audit_sentences.py: {missing}"
    nomination = db.session.scalars(sa.select(Nomination)).first()
    for action in sorted(actions):
        # Even with no data at all (an older entry), each reads as words, not as a dump.
        for row in render(page_ctx, entry(action, "nomination", nomination.id)):
            assert not DUMP.search(text(row["sentence"])), (action, str(row["sentence"]))
            assert row["label"] != action


def test_a_stage_switch_names_both_stages_and_the_system_actor(page_ctx):
    rows = render(page_ctx, entry("campaign.stage_override", "campaign", page_ctx.id, actor_label="seed-demo",
                                  **{"from": "nomination", "to": "promotion"}),
                  entry("campaign.stage_override", "campaign", page_ctx.id, actor_label="cli",
                        **{"from": None, "to": "review"}),
                  entry("campaign.stage_override", "campaign", page_ctx.id, actor_label="worker",
                        **{"from": "review", "to": None}))
    assert [r["actor"] for r in rows] == ["演示数据", "命令行", "后台任务"]
    assert "推荐申报 → 技能推介" in text(rows[0]["sentence"]) and 'href="/console/campaign"' in rows[0]["sentence"]
    assert "按日期自动确定 → 考察审核" in text(rows[1]["sentence"])
    assert "考察审核 → 按日期自动确定" in text(rows[2]["sentence"])


def test_a_private_view_names_the_fields_and_links_the_nominee(page_ctx):
    nomination = db.session.scalars(sa.select(Nomination).where(Nomination.name != "")).first()
    organizer = User(username="zhou", nickname="周主任", roles=["organizer"])
    db.session.add(organizer)
    db.session.flush()
    [row] = render(page_ctx, entry("nomination.private_viewed", "nomination", nomination.id, actor=organizer,
                                   fields=["mobile", "birth_month", "political_status"], ip="10.0.0.7"))
    assert row["actor"] == "周主任"
    assert text(row["sentence"]) == f"查看了 {nomination.name} 的手机号、出生年月、政治面貌（IP 10.0.0.7）"
    assert f'<a href="/console/nominations/{nomination.id}">{nomination.name}</a>' in row["sentence"]


def test_a_void_reads_id_ranges_the_day_and_who_lost_likes(page_ctx):
    a, b = db.session.scalars(sa.select(Nomination).where(Nomination.name != "").limit(2))
    criteria = {"user_ids": [38, 39, 40], "ips": [], "since": "2019-07-19T16:00:00+00:00",
                "until": "2019-07-20T16:00:00+00:00", "nomination_ids": []}
    [row] = render(page_ctx, entry("likes.voided", "campaign", page_ctx.id, void_id=1, criteria=criteria,
                                   voided=14, per_nomination={str(a.id): 4, str(b.id): 10}))
    assert text(row["sentence"]) == f"作废 38–40 号账号在 7月20日 的 14 个赞（{b.name} 10 个、{a.name} 4 个）"
    assert 'href="/console/likes#voids"' in row["sentence"]
    window = {"user_ids": [5, 7, 8, 9, 10], "ips": ["1.2.3.4"], "since": "2019-07-20T06:00:00+00:00",
              "until": "2019-07-20T08:30:00+00:00", "nomination_ids": [a.id]}
    [row] = render(page_ctx, entry("likes.voided", "campaign", page_ctx.id, criteria=window, voided=3,
                                   per_nomination={str(a.id): 3}))
    assert text(row["sentence"]) == f"作废 5、7–10 号账号、IP 1.2.3.4在 7月20日 14:00–16:30 给 {a.name} 的 3 个赞"


def test_settings_changes_read_as_labels_and_values_in_words(page_ctx):
    changes = {"likes_per_user_per_day": {"from": 10, "to": 20},
               "stage.review.starts_on": {"from": "2019-06-01", "to": "2019-06-03"},
               "stage.promotion.objections_open": {"from": False, "to": True}}
    [row] = render(page_ctx, entry("campaign.settings_changed", "campaign", page_ctx.id, changes=changes))
    words = text(row["sentence"])
    assert "每人每天点赞总次数：10 → 20" in words
    assert "考察审核 开始日期：6月1日 → 6月3日" in words
    assert "技能推介 开放公示异议：关闭 → 开启" in words


def test_empty_values_are_left_out_not_printed_as_none(page_ctx):
    org = db.session.scalars(sa.select(Organization)).first()
    rows = render(page_ctx,
                  entry("lead.nominated", "lead", 999, nomination_id=None),
                  entry("nomination.withdraw", "nomination", 999, **{"from": None}),
                  entry("organization.quota_changed", "organization", org.id, **{"from": None, "to": 3}),
                  entry("nomination.duplicate_refused", "nomination", None, conflict="mobile", other_id=None, count=1),
                  entry("console.login", "user", 1, ip="127.0.0.1", failed_attempts_since_last_login=0))
    words = [text(r["sentence"]) for r in rows]
    assert words == ["将一条推荐线索转为集中推荐", "撤回了 一份已不存在的推荐 的推荐",
                     f"将 {org.name} 的推荐名额由 按活动默认 改为 3 名", "提交推荐时被拒：与另一份有效推荐的手机号码相同",
                     "登录管理后台（IP 127.0.0.1）"]


def test_names_typed_by_people_are_escaped(page_ctx):
    nomination = db.session.scalars(sa.select(Nomination)).first()
    nomination.name = '<img src=x onerror="alert(1)">'
    db.session.flush()
    [row] = render(page_ctx, entry("nomination.export_form", "nomination", nomination.id,
                                   actor_label="<b>x</b>"))
    assert "<img" not in row["sentence"] and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in row["sentence"]


def test_an_unknown_action_falls_back_to_a_plain_sentence(page_ctx):
    nomination = db.session.scalars(sa.select(Nomination)).first()
    [row] = render(page_ctx, entry("nomination.review_started", "nomination", nomination.id, secret={"a": [1]}))
    assert text(row["sentence"]) == f"其他操作（nomination.review_started）：{nomination.name}"


def test_a_wechat_user_without_a_nickname_is_named_by_number(page_ctx):
    user = User(openid="o-anon")
    db.session.add(user)
    db.session.flush()
    [row] = render(page_ctx, entry("invitation.claim", "invitation", 1, actor=user, nomination_id=None))
    assert row["actor"] == f"微信用户 #{user.id}"


def test_names_are_looked_up_once_per_page_not_once_per_entry(page_ctx):
    nominations = list(db.session.scalars(sa.select(Nomination).limit(30)))
    orgs = list(db.session.scalars(sa.select(Organization).limit(30)))

    def page_of(n):
        return [e for i in range(n) for e in (
            entry("nomination.private_viewed", "nomination", nominations[i].id, fields=["mobile"]),
            entry("organization.quota_changed", "organization", orgs[i].id, **{"from": 1, "to": 2}),
            entry("nomination.submit", "nomination", nominations[i].id, channel="union", org_id=orgs[i].id))]

    statements = []

    def count(*_args):
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        render(page_ctx, *page_of(2))
        few = len(statements)
        statements.clear()
        render(page_ctx, *page_of(30))
        many = len(statements)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert many == few <= 8
