"""群发通知 in the console without a browser: a refused form is a Chinese 400 that changes nothing; only
organizers reach the pages; the audience count answers as the choice changes."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Broadcast
from tests.console.conftest import EXPERT


def test_a_refused_form_is_a_chinese_400_that_changes_nothing(organizer_console):
    answer = organizer_console.post("/console/broadcasts", {"title": "", "body": "正文", "audience": "nominees",
                                                            "status": "bogus"}, token_from="/console/broadcasts")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "请填写标题" in html and "请选择被推荐人的状态" in html
    assert db.session.scalar(sa.select(sa.func.count(Broadcast.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.target_type == "broadcast")) == 0


def test_the_audience_count_follows_the_choice(organizer_console):
    finalists = organizer_console.get("/console/broadcasts/audience-count?audience=experts")
    assert finalists.status_code == 200 and "评议专家：现有" in finalists.get_data(as_text=True)
    mass = organizer_console.get("/console/broadcasts/audience-count?audience=mp_tag&tag_id=abc")
    assert "请填写公众号标签编号" in mass.get_data(as_text=True)


def test_experts_do_not_reach_broadcasts(console):
    assert console.login(EXPERT).status_code == 302
    assert console.get("/console/broadcasts").status_code == 403
    answer = console.post("/console/broadcasts", {"title": "t", "body": "b", "audience": "all_users"},
                          token_from="/console/expert")
    assert answer.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Broadcast.id))) == 0


def test_the_operation_log_tells_what_happened_to_a_broadcast(organizer_console):
    created = organizer_console.post("/console/broadcasts", {"title": "评议结果公示", "body": "请关注。",
                                                             "audience": "all_users", "public": "1"},
                                     token_from="/console/broadcasts")
    assert created.status_code == 302
    path = created.headers["Location"]
    assert organizer_console.post(path + "/cancel", {"reason": "改期"}, token_from=path).status_code == 302
    log = organizer_console.get("/console/audit").get_data(as_text=True)
    assert "撰写了群发通知" in log and "《评议结果公示》" in log and "（收件人：全部小程序用户）" in log
    assert "取消了群发通知" in log


def test_a_draft_is_changed_from_its_page_and_a_refusal_keeps_it(organizer_console):
    created = organizer_console.post("/console/broadcasts", {"title": "初稿", "body": "正文", "audience": "all_users",
                                                             "public": "1"}, token_from="/console/broadcasts")
    path = created.headers["Location"]
    refused = organizer_console.post(path + "/edit", {"title": "改稿", "body": "", "audience": "experts"},
                                     token_from=path)
    assert refused.status_code == 400 and "请填写正文" in refused.get_data(as_text=True)
    broadcast = db.session.scalar(sa.select(Broadcast))
    assert (broadcast.title, broadcast.audience) == ("初稿", {"kind": "all_users"})
    changed = organizer_console.post(path + "/edit", {"title": "改稿", "body": "新的正文", "audience": "experts"},
                                     token_from=path)
    assert changed.status_code == 302
    db.session.expire_all()
    broadcast = db.session.scalar(sa.select(Broadcast))
    assert (broadcast.title, broadcast.audience, broadcast.public) == ("改稿", {"kind": "experts"}, False)
