"""The operation log's sentences about nominations and what hangs on them: leads, likes, endorsements, exports."""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from app.console.audit_words import Sentence, fmt, id_ranges, join, link, some
from app.models import (CHANNEL_LABELS, DECISION_LABELS, EXPORT_KINDS, FLAG_KINDS, STATUS_LABELS,
                        NominationChannel)
from app.services.likes.review import REVIEW_STATUSES
from app.services.nominations.duplicates import MATCHED
from app.services.nominations.rules import LABELS as FIELD_LABELS

PRIVATE_FIELD_LABELS = {**FIELD_LABELS, "mobile": "手机号"}


def simple(template: str, kind: str = "nomination") -> Sentence:
    """A sentence naming only the entry's target: "{}" is replaced by its linked name."""
    def sentence(_d, t, w, _e):
        return fmt(template, getattr(w, kind)(t))
    return sentence


def _private_viewed(d, t, w, _e):
    fields = [PRIVATE_FIELD_LABELS.get(f, "其他个人信息") for f in d.get("fields") or []] or ["个人信息"]
    ip = fmt("<span class=\"ip\">（IP {}）</span>", d["ip"]) if d.get("ip") else ""
    return fmt("查看了 {} 的{}", w.nomination(t), join(dict.fromkeys(fields))) + ip


def _submit(d, t, w, _e):
    try:
        channel = CHANNEL_LABELS[NominationChannel(d.get("channel"))]
    except ValueError:
        channel = ""
    by = fmt("以 {} 名义", w.organization(d["org_id"])) if d.get("org_id") else ""
    return by + fmt("提交了 {} 的推荐", w.nomination(t)) + (fmt("（{}）", channel) if channel else "")


def _withdraw(d, t, w, _e):
    before = STATUS_LABELS.get(d.get("from"))
    return fmt("撤回了 {} 的推荐", w.nomination(t)) + (fmt("（撤回前：{}）", before) if before else "")


def _duplicate(d, t, w, _e):
    other = fmt("已有推荐 {} ", w.nomination(d["other_id"])) if d.get("other_id") else Markup("另一份有效推荐")
    what = MATCHED.get(d.get("conflict"), "信息")
    subject = fmt("提交 {} 的推荐", w.nomination(t)) if t else Markup("提交推荐")
    return fmt("{}时被拒：与{}的{}相同", subject, other, what)


def _claim(d, _t, w, _e):
    return fmt("用邀请码认领了 {} 的推荐", w.nomination(d.get("nomination_id")))


def _lead_assigned(d, t, w, _e):
    before = fmt("（原为 {}）", w.organization(d["from"])) if d.get("from") else ""
    if d.get("to") is None:
        return fmt("取消了{}的指派", w.lead(t)) + before
    return fmt("将{}指派给 {} 跟进", w.lead(t), w.organization(d["to"], d.get("name"))) + before


def _lead_nominated(d, t, w, _e):
    into = fmt("：{}", w.nomination(d["nomination_id"])) if d.get("nomination_id") else ""
    return fmt("将{}转为集中推荐", w.lead(t)) + into


def _export(verb: str) -> Sentence:
    def sentence(d, t, w, _e):
        row = w.row("export", t)
        kind = EXPORT_KINDS.get(d.get("kind") or (row.kind if row else None), "导出文件")
        name = (row.file_name if row is not None else None) or kind
        return fmt("{}“{}”", verb, link(url_for("console.exports") + f"#export-{t}", name))
    return sentence


def _flag_reviewed(d, t, w, _e):
    row = w.row("like_flag", t)
    kind = FLAG_KINDS.get(d.get("kind") or (row.kind if row else None), "点赞风险")
    about = fmt(" {} 的", w.nomination(row.nomination_id)) if row is not None and row.nomination_id else ""
    status = REVIEW_STATUSES.get(d.get("status"), "已处理")
    return fmt("将{}{}标记“{}”处理为{}", about, link(url_for("console.like_review"), "点赞风险"), kind, status)


def _voided(d, _t, w, _e):
    criteria = d.get("criteria") or {}
    who = []
    if criteria.get("user_ids"):
        who.append(f"{id_ranges(criteria['user_ids'])} 号账号")
    if criteria.get("ips"):
        who.append(fmt("IP {}", some(criteria["ips"])))
    when = w.window(criteria.get("since"), criteria.get("until"))
    to_whom = [w.nomination(i) for i in criteria.get("nomination_ids") or []]
    text = Markup("作废 ") + join(who)
    if when:
        text += fmt("{}{} ", "在 " if who else "", when)
    if to_whom:
        text += fmt("给 {} 的 ", some(to_whom, unit="人"))
    elif who or when:
        text += Markup("的 ")
    text += link(url_for("console.like_review") + "#voids", f"{d.get('voided', 0)} 个赞")
    per = sorted((d.get("per_nomination") or {}).items(), key=lambda kv: -int(kv[1]))
    if per and not to_whom:
        text += fmt("（{}）", some([fmt("{} {} 个", w.nomination(k), n) for k, n in per], unit="人"))
    return text


def _code_issued(d, t, w, _e):
    until = fmt("（有效至 {}）", w.moment(d["expires_at"])) if d.get("expires_at") else ""
    return fmt("为 {} 生成了单位认可二维码", w.nomination(t)) + until


def _endorsement(decision: str) -> Sentence:
    def sentence(_d, t, w, _e):
        return fmt("代表工作单位{} {} 的推荐", DECISION_LABELS[decision], w.nomination(t))
    return sentence


def _unverified(d, t, w, _e):
    name, post = d.get("signer_name"), d.get("signer_post")
    signer = f"{name}（{post}）" if name and post else name or post
    text = fmt("提交了对 {} 的单位意见“{}”", w.nomination(t), DECISION_LABELS.get(d.get("decision"), "未知"))
    return text + (fmt("，签字人：{}", signer) if signer else "") + Markup("，待市总工会核实")


def _check(d, t, w, _e):
    row = w.row("endorsement", t)
    nomination = d.get("nomination_id") or (row.nomination_id if row else None)
    decision = DECISION_LABELS.get(d.get("decision"), "")
    return fmt("核实 {} 的单位意见{}：{}", w.nomination(nomination), fmt("“{}”", decision) if decision else "",
              "通过" if d.get("accept") else "未通过")


NOMINATION_SENTENCES: dict[str, tuple[str, Sentence]] = {
    "nomination.private_viewed": ("查看个人信息", _private_viewed),
    "nomination.export_form": ("导出推荐表（附件 1）", simple("导出了 {} 的推荐表（附件 1）")),
    "nomination.submit": ("提交推荐", _submit),
    "nomination.withdraw": ("撤回推荐", _withdraw),
    "nomination.duplicate_refused": ("重复推荐被拒", _duplicate),
    "nomination.invite": ("邀请被推荐人", simple("为 {} 发放了邀请码")),
    "nomination.publish_story": ("发布事迹", simple("公开发布了 {} 的事迹")),
    "nomination.unpublish_story": ("撤下事迹", simple("撤下了 {} 已公开的事迹")),
    "invitation.claim": ("认领邀请码", _claim),
    "lead.invited": ("线索：发放邀请码", simple("为{}发放了邀请码", "lead")),
    "lead.nominated": ("线索：转为集中推荐", _lead_nominated),
    "lead.dismissed": ("线索：不予采纳", simple("对{}不予采纳", "lead")),
    "lead.contact_viewed": ("查看线索联系方式", simple("查看了{}的联系方式", "lead")),
    "lead.assigned": ("线索：指派负责组织", _lead_assigned),
    "likes.flag_reviewed": ("点赞监测：处理风险标记", _flag_reviewed),
    "likes.hold_released": ("点赞监测：解除暂停", simple("解除了 {} 的点赞暂停")),
    "likes.voided": ("点赞监测：作废点赞", _voided),
    "export.requested": ("发起导出", _export("发起导出")),
    "export.downloaded": ("下载导出文件", _export("下载了导出文件")),
    "endorsement.code_issued": ("生成单位认可二维码", _code_issued),
    "endorsement.confirm": ("单位认可", _endorsement("confirm")),
    "endorsement.decline": ("单位不予认可", _endorsement("decline")),
    "endorsement.unverified": ("单位意见待核实", _unverified),
    "endorsement.check": ("核实单位意见", _check),
}
