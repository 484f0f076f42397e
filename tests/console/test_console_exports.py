"""Exports: all nominations built by the worker with progress in job.meta; attachment 1 and 2; all logged."""
import io

import sqlalchemy as sa
from docx import Document
from openpyxl import load_workbook
from rq.job import Job

from app.extensions import db
from app.models import ACTIVE_STATUSES, AuditEntry, ExportFile, Organization
from app.redis_store import get_redis
from tests.console.conftest import EXPERT, run_worker_burst


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

    # What the workbook must hold, read before the worker runs (it ends this test's session).
    expected = {n.id: (n.name, n.mobile, n.district, n.nominating_org.name if n.nominating_org else None)
                for n in nominations}
    job_id = export.rq_job_id
    run_worker_burst(app)
    export = db.session.get(ExportFile, export.id)
    job = Job.fetch(job_id, connection=get_redis())
    # Beside the progress, meta carries the id of the request that asked for the export (app/observability).
    assert {k: v for k, v in job.meta.items() if k != "request_id"} == {"done": len(nominations),
                                                                         "total": len(nominations)}
    finished = organizer_console.get(f"/console/exports/{export.id}/status", headers={"HX-Request": "true"})
    assert finished.status_code == 286  # tells htmx to stop polling
    assert f"已完成，共 {len(nominations)} 条" in finished.get_data(as_text=True)

    download = organizer_console.get(f"/console/exports/{export.id}/download")
    assert download.status_code == 200
    assert "filename*=UTF-8''2019" in download.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "姓名", "性别", "出生年月")
    assert sorted(r[0] for r in rows[1:]) == sorted(expected)
    for row in rows[1:]:
        values = dict(zip(rows[0], row))
        assert (values["姓名"], values["联系方式（手机）"], values["所在县区"], values["推荐单位"]) == expected[row[0]]
    actions = db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_type == "export")).all()
    assert sorted(actions) == ["export.downloaded", "export.requested"]


def test_a_download_before_the_file_is_ready_is_refused(organizer_console, nominations):
    organizer_console.post("/console/exports/all-nominations", token_from="/console/exports")
    export = db.session.scalars(sa.select(ExportFile)).one()
    response = organizer_console.get(f"/console/exports/{export.id}/download")
    assert response.status_code == 409 and "尚未生成完成" in response.get_data(as_text=True)


def test_attachment1_is_the_nominees_form_and_is_logged(organizer_console, nominations, accounts):
    n = next(n for n in nominations if n.status == "submitted")
    response = organizer_console.get(f"/console/nominations/{n.id}/attachment1.docx")
    assert response.status_code == 200 and response.mimetype.endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    document = Document(io.BytesIO(response.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert n.name in cells and n.mobile in cells and n.employer_name in cells
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "nomination.export_form")).one()
    assert entry.target_id == str(n.id) and entry.actor_user_id == accounts["organizer"].id


def test_attachment2_per_unit_lists_its_active_nominations(organizer_console, nominations):
    haizhou = db.session.scalars(sa.select(Organization).where(Organization.name == "海州区总工会")).one()
    page = organizer_console.get("/console/exports").get_data(as_text=True)
    assert f"/console/organizations/{haizhou.id}/attachment2.xlsx" in page
    response = organizer_console.get(f"/console/organizations/{haizhou.id}/attachment2.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A2"].value == "推荐单位：海州区总工会"
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]]
    expected = [n.name for n in nominations if n.nominating_org_id == haizhou.id and n.status in ACTIVE_STATUSES]
    assert sorted(names) == sorted(expected) and expected
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id))
                             .where(AuditEntry.action == "organization.export_summary")) == 1


def test_experts_cannot_export(console, nominations):
    console.login(EXPERT)
    assert console.get(f"/console/nominations/{nominations[0].id}/attachment1.docx").status_code == 403
    org_id = next(n.nominating_org_id for n in nominations if n.nominating_org_id)
    assert console.get(f"/console/organizations/{org_id}/attachment2.xlsx").status_code == 403
