"""Who may download the two forms, and the record of each download (they carry personal data)."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import ACTIVE_STATUSES, Nomination, Organization, User
from app.services import audit
from app.services.campaigns import stages
from app.services.errors import forbidden, not_found
from app.services.exports import forms as exports
from app.services.nominations import access

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def form_of(user: User, nomination_id: int) -> tuple[str, str, str, bytes]:
    """Attachment 1 of one nomination, for those who may see it privately: name, ASCII name, type, bytes."""
    nomination = access.load_for_view(user, nomination_id)
    data = exports.attachment1_docx(nomination)
    audit.record("nomination.export_form", "nomination", nomination.id, actor=user)
    db.session.commit()
    return f"港城工匠推荐表-{nomination.name or nomination.id}.docx", f"nomination-{nomination.id}.docx", DOCX, data


def summary_of(user: User, org_id: int) -> tuple[str, str, str, bytes]:
    """Attachment 2 of one recommending organization (its active nominations in the current campaign): name,
    ASCII name, type, bytes."""
    org = db.session.get(Organization, org_id)
    if org is None:
        raise not_found("组织")
    if not (access.represents(user, org.id) or access.is_organizer(user)):
        raise forbidden("只有该组织的代表可以导出其汇总表")
    campaign = stages.current_campaign()
    rows = db.session.scalars(sa.select(Nomination).where(
        Nomination.campaign_id == campaign.id, Nomination.nominating_org_id == org.id,
        Nomination.status.in_(ACTIVE_STATUSES)).order_by(Nomination.submitted_at, Nomination.id)).all()
    data = exports.attachment2_xlsx(org.name, rows)
    audit.record("organization.export_summary", "organization", org.id, actor=user, data={"rows": len(rows)})
    db.session.commit()
    return f"推荐人员汇总表-{org.name}.xlsx", f"summary-{org.id}.xlsx", XLSX, data
