"""The organizers' filtered list of nominations as .xlsx, built at once (a list is small) and logged."""
from __future__ import annotations

from dataclasses import asdict

from app.extensions import db
from app.models import Campaign, User
from app.models.base import utcnow
from app.services import audit
from app.services.exports import workbook
from app.services.exports.workbook import local_time
from app.services.nominations.search import Filters

KIND = "filtered_nominations"


def filtered_nominations(campaign: Campaign, filters: Filters, *, actor: User) -> tuple[bytes, str, int]:
    """The workbook of exactly the nominations the filters match (same columns as the full export),
    its file name in the campaign's local time, and its number of rows. The download is audited: it
    carries private data."""
    content, rows = workbook.build(campaign, filters=filters)
    chosen = {key: value for key, value in asdict(filters).items() if value not in (None, "")}
    audit.record("export.downloaded", "campaign", campaign.id, actor=actor,
                 data={"kind": KIND, "filters": chosen, "rows": rows})
    db.session.commit()
    file_name = f"{campaign.year}港城工匠推荐对象筛选结果_{local_time(campaign, utcnow()):%Y%m%d%H%M}.xlsx"
    return content, file_name, rows
