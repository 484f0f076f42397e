"""Exporting all nominations: queued, built by the worker with progress in job.meta, stored, downloaded, logged."""
import io

import sqlalchemy as sa
from conftest import PEOPLE, run_worker_burst
from openpyxl import load_workbook
from rq.job import Job

from app.extensions import db
from app.models import AuditEntry, ExportFile
from app.redis_store import get_redis


def test_all_nominations_export_end_to_end(organizer_console, nominations, app):
    response = organizer_console.post("/console/exports/all-nominations", token_from="/console/exports",
                                      headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    export = db.session.scalars(sa.select(ExportFile)).one()
    assert export.status == "queued" and 'hx-trigger="every 1s"' in body and "排队中" in body
    # Asking again while it is queued does not start a second one.
    organizer_console.post("/console/exports/all-nominations", token_from="/console/exports")
    assert db.session.scalar(sa.select(sa.func.count(ExportFile.id))) == 1

    polling = organizer_console.get(f"/console/exports/{export.id}/status", headers={"HX-Request": "true"})
    assert polling.status_code == 200  # still queued: htmx keeps polling

    run_worker_burst(app)
    job = Job.fetch(export.rq_job_id, connection=get_redis())
    assert job.meta == {"done": len(PEOPLE), "total": len(PEOPLE)}
    finished = organizer_console.get(f"/console/exports/{export.id}/status", headers={"HX-Request": "true"})
    assert finished.status_code == 286, finished.get_data(as_text=True)  # tells htmx to stop polling
    assert "已完成，共 12 条" in finished.get_data(as_text=True)

    download = organizer_console.get(f"/console/exports/{export.id}/download")
    assert download.status_code == 200
    assert "filename*=UTF-8''2019" in download.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "姓名", "性别", "出生年月")
    assert sorted(r[1] for r in rows[1:]) == sorted(p[0] for p in PEOPLE)
    by_name = {r[1]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_name["张海涛"]["联系方式（手机）"] == "13800001111"
    assert by_name["张海涛"]["推荐单位"] == "海州区总工会" and by_name["孙丽华"]["推荐方式"] == "个人自荐"
    actions = db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "export")).all()
    assert sorted(actions) == ["export.downloaded", "export.requested"]


def test_a_download_before_the_file_is_ready_is_refused(organizer_console, nominations):
    organizer_console.post("/console/exports/all-nominations", token_from="/console/exports")
    export = db.session.scalars(sa.select(ExportFile)).one()
    response = organizer_console.get(f"/console/exports/{export.id}/download")
    assert response.status_code == 409 and "尚未生成完成" in response.get_data(as_text=True)
