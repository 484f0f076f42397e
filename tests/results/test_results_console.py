"""评选结果与公示 and 公示异议 over HTTP as organizers use them; experts are refused."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination, User
from app.services.campaigns import settings, stages
from app.services.errors import DomainError
from app.services.results import objections
from tests.console.conftest import EXPERT, csrf_token
from tests.factories.likes import make_user
from tests.factories.nominations import jpeg_bytes
from tests.results.console_helpers import demo_finalists

BODY = {"real_name": "李明", "mobile": "13912345678", "relation": "colleague",
        "content": "该同志申报的技术比武名次与实际不符，有比赛成绩册可以核对。"}


def status_of(nomination_id: int) -> str:
    return db.session.scalar(sa.select(Nomination.status).where(Nomination.id == nomination_id)
                             .execution_options(populate_existing=True))


def test_confirm_publish_answer_and_promote(organizer_console):
    finalists = demo_finalists(6)
    page = organizer_console.get("/console/results").get_data(as_text=True)
    assert "评议组确认的排名" in page and all(f.name in page for f in finalists)
    confirmed = organizer_console.post("/console/results/confirm", token_from="/console/results",
                                       data={"order": [str(f.id) for f in finalists]})
    assert confirmed.status_code == 302
    assert [status_of(f.id) for f in finalists] == ["top_winner"] * 2 + ["winner"] * 2 + ["not_selected"] * 2
    published = organizer_console.post("/console/results/publish", token_from="/console/results")
    assert published.status_code == 302
    assert "公示中" in organizer_console.get("/console/results").get_data(as_text=True)

    objector = make_user("objector")
    objection = objections.create(objector, {**BODY, "nomination_id": finalists[2].id})
    queue = organizer_console.get("/console/objections").get_data(as_text=True)
    assert f"第{objection.id}号" in queue and "李明" in queue
    path = f"/console/objections/{objection.id}"
    token = csrf_token(organizer_console.get(path).get_data(as_text=True))
    noted = organizer_console.client.post(f"{path}/notes", content_type="multipart/form-data", data={
        "csrf_token": token, "body": "已向比赛主办方核实。", "files": (io.BytesIO(jpeg_bytes()), "核实函.jpg")})
    assert noted.status_code == 302
    page = organizer_console.get(path).get_data(as_text=True)
    assert "已向比赛主办方核实。" in page and "核实函.jpg" in page and "核查中" in page
    empty = organizer_console.post(f"{path}/answer", token_from=path, data={"outcome": "upheld", "reason": ""})
    assert empty.status_code == 422 and "请填写答复理由" in empty.get_data(as_text=True)
    answered = organizer_console.post(f"{path}/answer", token_from=path, data={"outcome": "upheld", "reason": "经核实，名次不符。"})
    assert answered.status_code == 302 and status_of(finalists[2].id) == "disqualified"

    page = organizer_console.get("/console/results").get_data(as_text=True)
    assert "递补决定" in page and finalists[4].name in page
    vacancy = db.session.scalar(sa.text("select id from result_entry where nomination_id = :n"), {"n": finalists[2].id})
    promoted = organizer_console.post(f"/console/results/vacancies/{vacancy}/promote", token_from="/console/results",
                                      data={"reason": "经评议组研究，按排名递补。"})
    assert promoted.status_code == 302 and status_of(finalists[4].id) == "winner"
    assert "递补决定" not in organizer_console.get("/console/results").get_data(as_text=True)
    log = organizer_console.get("/console/audit").get_data(as_text=True)
    assert "作出递补决定" in log and "确认了" in log and "予以支持" in log


def test_confirm_outside_evaluation_is_refused_with_the_reason(organizer_console):
    from tests.factories.nominations import set_stage

    finalists = demo_finalists(4)
    set_stage("promotion")
    refused = organizer_console.post("/console/results/confirm", token_from="/console/results",
                                     data={"order": [str(f.id) for f in finalists]})
    assert refused.status_code == 409 and "当前阶段不能确认评选结果" in refused.get_data(as_text=True)
    assert status_of(finalists[0].id) == "finalist"


def test_experts_cannot_open_the_results_or_objections(console):
    assert console.login(EXPERT).status_code == 302
    assert console.get("/console/results").status_code == 403
    assert console.get("/console/objections").status_code == 403


def test_the_notice_length_is_a_campaign_setting(organizer_console):
    page = organizer_console.get("/console/campaign").get_data(as_text=True)
    assert "评选结果公示期（工作日）" in page and 'name="notice_working_days"' in page
    campaign = stages.current_campaign()
    organizer = db.session.scalars(sa.select(User).where(User.username == "zhou")).one()
    assert settings.update(campaign, {"notice_working_days": "7"}, {}, actor=organizer) == {
        "notice_working_days": {"from": 5, "to": 7}}
    with pytest.raises(DomainError):
        settings.update(campaign, {"notice_working_days": "0"}, {}, actor=organizer)
