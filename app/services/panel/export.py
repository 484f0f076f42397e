"""The ranking workbook (.xlsx): the order and means, each expert's weighted totals and normalised values,
and every sheet's four scores, so anyone can recompute the figures."""
from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.styles import Font

from app.extensions import db
from app.models import CONFLICT_KINDS, CRITERIA, Campaign, PanelScore, User
from app.services import audit
from app.services.accounts import permissions
from app.services.panel import formation, ranking

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _r(value):
    return None if value is None else round(value, 4)


def build(actor: User, campaign: Campaign) -> tuple[str, bytes]:
    """(file name, bytes); the download is audited."""
    permissions.require(actor, "panel.manage")
    result = ranking.compute(campaign)
    members = formation.members(campaign)
    names = {m.id: m.user.display_name for m in members}
    workbook = Workbook()
    bold = Font(bold=True)

    sheet = workbook.active
    sheet.title = "排名"
    head = ["名次", "并列人数", "姓名", "工作单位", "原始均分", "标准化均分", "点赞数", "点赞折算分", "最终得分"]
    head += [f"{names[m.id]}（加权总分）" for m in members] + [f"{names[m.id]}（标准化）" for m in members]
    sheet.append(head)
    for row in result.rows:
        n = row.nomination
        totals = ["回避" if m.id in row.totals and row.totals[m.id] is None else _r(row.totals.get(m.id))
                  for m in members]
        sheet.append([row.position, row.shared_with, n.name, n.employer_name, _r(row.raw_mean),
                      _r(row.normalised_mean), row.likes, _r(row.likes_component), _r(row.final), *totals,
                      *[_r(row.normalised.get(m.id)) for m in members]])
    sheet.append([])
    sheet.append(["排名依据", "专家标准化均分" if result.by_normalised else "原始均分",
                  "点赞权重", f"{round(result.likes_weight * 100)}%"])
    sheet.append(["未作标准化（评分少于 2 人或总分全部相同）的专家",
                  "、".join(names[i] for i in sorted(result.fallback_member_ids)) or "无"])
    for tie in result.ties:
        sheet.append([f"第 {tie.first}–{tie.last} 名并列，跨越第 {tie.boundary} 名分界，尚待裁定"])

    scores = workbook.create_sheet("专家评分")
    scores.append(["专家", "单位", "入围对象", *CRITERIA.values(), "加权总分", "评语", "回避原因", "回避说明"])
    by_id = {r.nomination.id: r.nomination for r in result.rows}
    if result.round is not None:
        for s in db.session.scalars(sa.select(PanelScore).where(PanelScore.round_id == result.round.id,
                                                                PanelScore.submitted_at.is_not(None))
                                    .order_by(PanelScore.member_id, PanelScore.nomination_id)):
            member = next((m for m in members if m.id == s.member_id), None)
            nomination = by_id.get(s.nomination_id)
            if member is None or nomination is None:
                continue
            total = None if s.conflict else _r(ranking.weighted_total(campaign, s.scores))
            scores.append([names[member.id], member.unit, nomination.name,
                           *[s.scores.get(k) for k in CRITERIA], total, s.comment,
                           CONFLICT_KINDS.get(s.conflict or "", ""), s.conflict_reason])
    for ws in (sheet, scores):
        for cell in ws[1]:
            cell.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit.record("panel.ranking_exported", "campaign", campaign.id, actor=actor, data={"rows": len(result.rows)})
    db.session.commit()
    return f"{campaign.year}年评议排名.xlsx", buffer.getvalue()
