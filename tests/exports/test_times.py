"""Times people read in exported files are the campaign's local times (Asia/Shanghai), not UTC."""
import io
from datetime import datetime, timezone

from openpyxl import load_workbook

from app.extensions import db
from app.models import Nomination
from app.services.exports import queued, workbook
from tests.factories.nominations import campaign, complete_self_draft  # noqa: F401

LATE_EVENING_UTC = datetime(2019, 5, 31, 17, 30, tzinfo=timezone.utc)  # 2019-06-01 01:30 in Lianyungang


def test_the_workbooks_name_is_stamped_with_the_campaigns_local_time(ctx, campaign):
    assert queued.file_name_for(campaign, LATE_EVENING_UTC) == "2019港城工匠推荐对象汇总_201906010130.xlsx"


def test_the_workbooks_submission_times_are_local(client, login, campaign):
    alice = login("alice")
    nomination_id = complete_self_draft(client, alice)
    assert client.post(f"/api/v1/nominations/{nomination_id}/submit", headers=alice).status_code == 200
    db.session.get(Nomination, nomination_id).submitted_at = LATE_EVENING_UTC
    db.session.commit()
    content, rows = workbook.build(campaign)
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    assert rows == 1 and sheet.cell(row=2, column=header.index("提交时间") + 1).value == "2019-06-01 01:30"
