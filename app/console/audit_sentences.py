"""Every audit action as a Chinese sentence, with what it acted on named and linked.

SENTENCES maps each action the code records to its label (the filter's and the 操作 column's) and a
function (entry data, target id, Words, entry) → Markup. A new `audit.record("x.y", …)` needs a line here:
tests/console/test_audit_sentences.py scans app/ for recorded actions and fails on one without a sentence.
An action this table does not know (an old entry, a test's) still reads as a generic sentence.
"""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape

from app.console.audit_edits import EDIT_SENTENCES
from app.console.audit_articles import ARTICLE_SENTENCES
from app.console.audit_awards import AWARD_SENTENCES
from app.console.audit_broadcasts import BROADCAST_SENTENCES
from app.console.audit_nominations import NOMINATION_SENTENCES, simple
from app.console.audit_panel import PANEL_SENTENCES
from app.console.audit_results import RESULT_SENTENCES
from app.console.audit_review import REVIEW_SENTENCES
from app.console.audit_shortlist import SHORTLIST_SENTENCES
from app.console.audit_words import Sentence, Words, actor, fmt, link
from app.models import KIND_LABELS, ROLE_LABELS, OrganizationKind
from app.services import audit
from app.services.campaigns import settings

TARGET_KINDS = {"nomination", "organization", "lead", "export", "like_flag", "endorsement", "user"}
# Keys of entry data that name a row, and which kind of row.
DATA_REFS = {"org_id": "organization", "nomination_id": "nomination", "other_id": "nomination",
             "user_id": "user", "invited_by": "user"}


def _settings_value(key: str, value, w: Words) -> str:
    if isinstance(value, bool):
        return "开启" if value else "关闭"
    if key.endswith(("starts_on", "ends_on")) and isinstance(value, str):
        local = w.local(value)
        return w.day(local.date()) if local else value
    return "（空）" if value is None else str(value)


def _settings(d, _t, w, _e):
    changes = [fmt("<li>{}：{} → {}</li>", settings.change_label(key, w.campaign),
                  _settings_value(key, change.get("from"), w), _settings_value(key, change.get("to"), w))
               for key, change in (d.get("changes") or {}).items()]
    return fmt("修改了{}：<ul class=\"changes\">{}</ul>", _campaign_link(), Markup("").join(changes))


def _campaign_link() -> Markup:
    return link(url_for("console.campaign_settings_page"), "活动设置")


def _stage(d, _t, w, _e):
    return fmt("在{}中切换活动阶段：{} → {}", _campaign_link(), w.stage(d.get("from")), w.stage(d.get("to")))


def _login(d, _t, _w, _e):
    failures = d.get("failed_attempts_since_last_login") or 0
    text = fmt("登录管理后台<span class=\"ip\">（IP {}）</span>", d.get("ip") or "未知")
    return text + (fmt("，此前有 {} 次登录失败", failures) if failures else "")


def _account_created(d, t, w, _e):
    username = fmt("（用户名 {}）", d["username"]) if d.get("username") else ""
    return fmt("创建了{}账号 {}", ROLE_LABELS.get(d.get("role"), ""), w.account(t)) + username


def _org_created(d, t, w, _e):
    kind = _kind_label(d.get("kind"))
    return fmt("添加了组织 {}", w.organization(t, d.get("name"))) + (fmt("（{}）", kind) if kind else "")


def _kind_label(value) -> str:
    try:
        return KIND_LABELS[OrganizationKind(value)]
    except ValueError:
        return ""


def _quota(d, t, w, _e):
    def words(n):
        return "按活动默认" if n is None else f"{n} 名"
    return fmt("将 {} 的推荐名额由 {} 改为 {}", w.organization(t, d.get("name")), words(d.get("from")), words(d.get("to")))


def _rep_revoked(d, t, w, _e):
    return fmt("撤销了 {} 在 {} 的代表资格", w.person(d.get("user_id")), w.organization(t))


def _rep_invite(d, t, w, _e):
    until = fmt("（有效至 {}）", w.moment(d["expires_at"])) if d.get("expires_at") else ""
    return fmt("为 {} 生成了单位代表邀请码", w.organization(t)) + until


def _rep_join(d, t, w, _e):
    inviter = fmt("（邀请人：{}）", w.person(d["invited_by"])) if d.get("invited_by") else ""
    return fmt("通过邀请码成为 {} 的单位代表", w.organization(t)) + inviter




def _account_updated(d, t, w, _e):
    before, after = d.get("before") or {}, d.get("after") or {}
    changes = []
    if before.get("name") != after.get("name"):
        changes.append(fmt("姓名 {} → {}", before.get("name") or "（空）", after.get("name") or "（空）"))
    roles_before = "、".join(ROLE_LABELS.get(r, r) for r in before.get("roles") or []) or "（无）"
    roles_after = "、".join(ROLE_LABELS.get(r, r) for r in after.get("roles") or []) or "（无）"
    if roles_before != roles_after:
        changes.append(fmt("角色 {} → {}", roles_before, roles_after))
    return fmt("修改了账号 {}", w.account(t)) + (fmt("：{}", Markup("；").join(changes)) if changes else "")


def _own(own: str, other: str) -> Sentence:
    """Something done to a console account: "自己的" when the actor did it to their own."""
    def sentence(_d, t, w, e):
        return escape(own) if str(e.actor_user_id) == str(t) else fmt(other, w.account(t))
    return sentence


SENTENCES: dict[str, tuple[str, Sentence]] = {
    "campaign.stage_override": ("手动切换阶段", _stage),
    "campaign.settings_changed": ("修改活动设置", _settings),
    "console.login": ("登录管理后台", _login),
    "account.created": ("创建账号", _account_created),
    "account.disabled": ("停用账号", simple("停用了账号 {}", "account")),
    "account.enabled": ("恢复账号", simple("恢复了账号 {}", "account")),
    "account.password_changed": ("修改密码", _own("修改了自己的登录密码", "修改了账号 {} 的登录密码")),
    "account.totp_enabled": ("启用两步验证", _own("为自己的账号启用了两步验证", "为账号 {} 启用了两步验证")),
    "account.totp_disabled": ("关闭两步验证", _own("关闭了自己的两步验证", "关闭了账号 {} 的两步验证")),
    "account.password_reset": ("重置他人密码", simple("为账号 {} 重置了密码（生成一次性密码，首次登录须修改）", "account")),
    "account.totp_reset": ("重置他人两步验证", simple("重置了账号 {} 的两步验证", "account")),
    "account.updated": ("修改账号", _account_updated),
    "organization.created": ("添加组织", _org_created),
    "organization.quota_changed": ("修改名额", _quota),
    "organization.representative_revoked": ("撤销代表资格", _rep_revoked),
    "organization.export_summary": ("导出汇总表（附件 2）", lambda d, t, w, e: fmt(
        "导出了 {} 的推荐人员汇总表（附件 2），共 {} 人", w.organization(t), d.get("rows", 0))),
    "representative.invite": ("邀请单位代表", _rep_invite),
    "representative.join": ("成为单位代表", _rep_join),
    "representative.invitation_revoked": ("作废代表邀请码", simple("作废了 {} 的一张单位代表邀请码", "organization")),
    "representative.revoke": ("撤销代表资格", _rep_revoked),
    **NOMINATION_SENTENCES,
    **REVIEW_SENTENCES,
    **EDIT_SENTENCES,
    **SHORTLIST_SENTENCES,
    **ARTICLE_SENTENCES,
    **PANEL_SENTENCES,
    **RESULT_SENTENCES,
    **AWARD_SENTENCES,
    **BROADCAST_SENTENCES,
}
TARGET_WORDS = {"nomination": "nomination", "organization": "organization", "lead": "lead", "user": "account"}


def label(action: str) -> str:
    return SENTENCES[action][0] if action in SENTENCES else f"其他操作（{action}）"


def _generic(entry, w: Words) -> Markup:
    """An action without a sentence (an old or a test's entry): its label and what it acted on, no data dump."""
    what = escape(label(entry.action))
    kind = TARGET_WORDS.get(entry.target_type)
    if kind and entry.target_id:
        return fmt("{}：{}", what, getattr(w, kind)(entry.target_id))
    return what


def sentence(entry, w: Words) -> Markup:
    known = SENTENCES.get(entry.action)
    data = entry.data if isinstance(entry.data, dict) else {}
    if known is not None:
        try:
            return known[1](data, entry.target_id, w, entry)
        except (KeyError, TypeError, ValueError, AttributeError):  # data of an older shape: say less, never fail
            pass
    return _generic(entry, w)


def refs(entries) -> dict[str, set]:
    """kind → ids every entry of the page names (its target, its actor, ids in its data)."""
    wanted: dict[str, set] = {}

    def add(kind, *values):
        wanted.setdefault(kind, set()).update(v for v in values if isinstance(v, (int, str)) and v != "")

    for e in entries:
        data = e.data if isinstance(e.data, dict) else {}
        if e.target_type in TARGET_KINDS:
            add(e.target_type, e.target_id)
        add("user", e.actor_user_id)
        for key, kind in DATA_REFS.items():
            add(kind, data.get(key))
        if e.action == "lead.assigned":
            add("organization", data.get("from"), data.get("to"))
        criteria = data.get("criteria") if isinstance(data.get("criteria"), dict) else {}
        add("nomination", *(data.get("per_nomination") or {}), *(criteria.get("nomination_ids") or []))
        add("nomination", *(v for key in ("nomination_ids", "order", "top") if isinstance(data.get(key), list)
                            for v in data[key]))
    return wanted


def rows(entries, campaign) -> list[dict]:
    """What the log page shows for each entry: its actor, label and sentence; names looked up once per page."""
    words = Words(campaign, audit.subjects(refs(entries)))
    return [{"entry": e, "actor": actor(e, words), "label": label(e.action), "sentence": sentence(e, words)}
            for e in entries]
