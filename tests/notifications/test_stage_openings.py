"""A stage's opening is told once to the people it concerns, by date or by hand, however many workers race."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Campaign, PanelMember, StageOpening
from app.services.campaigns import openings, stages
from app.tasks.campaigns import announce_stage_job
from tests.factories.likes import make_nominee, make_user
from tests.factories.nominations import campaign  # noqa: F401
from tests.notifications.conftest import rows


def finalists(campaign, count=3):  # noqa: F811
    return [make_nominee(campaign, name=f"入围{i}", status="finalist") for i in range(count)]


def switch(key):
    stages.set_override(stages.current_campaign(), key, actor_label="test")
    db.session.commit()


def race(app, workers=2):
    barrier = threading.Barrier(workers)
    told = []

    def worker():
        with app.app_context():
            barrier.wait()
            told.append(openings.announce_current())
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    return told


def test_two_workers_announce_a_stage_once(app, campaign):  # noqa: F811
    people = finalists(campaign)
    make_nominee(campaign, name="落选者", status="not_shortlisted")  # not concerned by promotion
    switch("promotion")
    told = race(app)
    assert sorted(told, key=lambda x: x or 0) == [None, 3]
    notices = rows("stage_opened", "inbox")
    assert sorted(n.user_id for n in notices) == sorted(n.submitted_by_id for n in people)
    assert notices[0].body == f"“{campaign.title}”进入技能推介阶段。"
    # Restarts and switching back and forth tell nobody again.
    assert openings.announce_current() is None
    switch("review")
    switch("promotion")
    assert openings.announce_current() is None
    assert len(rows("stage_opened", "inbox")) == 3


def test_a_stage_opened_by_date_is_announced_by_the_worker(app, campaign):  # noqa: F811
    finalists(campaign, 2)
    expert_id = make_user().id
    db.session.add(PanelMember(campaign_id=campaign.id, user_id=expert_id))
    row = db.session.get(Campaign, campaign.id)
    evaluation = row.stage("evaluation")
    today = date.today()
    for stage in row.stages:  # every stage in the past except evaluation, which runs today
        if stage.position < evaluation.position:
            stage.starts_on, stage.ends_on = today - timedelta(days=60 - stage.position), \
                today - timedelta(days=59 - stage.position)
    evaluation.starts_on, evaluation.ends_on = today - timedelta(days=1), today + timedelta(days=5)
    for stage in row.stages:
        if stage.position > evaluation.position:
            stage.starts_on, stage.ends_on = today + timedelta(days=30), today + timedelta(days=40)
    stages.set_override(row, None, actor_label="test")
    db.session.commit()
    assert announce_stage_job(reschedule=False) == 3  # two finalists and the expert
    assert announce_stage_job(reschedule=False) is None
    assert db.session.scalar(sa.select(sa.func.count(StageOpening.id))) == 1
    assert expert_id in {n.user_id for n in rows("stage_opened")}


def test_the_worker_checks_again_after_the_next_local_midnight(app, campaign):  # noqa: F811
    from rq.registry import ScheduledJobRegistry

    from app.tasks import get_queue
    from app.tasks.campaigns import JOB_ID, seconds_to_next_midnight

    announce_stage_job()
    announce_stage_job()  # a second worker starting: still one scheduled check
    registry = ScheduledJobRegistry(queue=get_queue())
    assert registry.get_job_ids() == [JOB_ID]
    assert 0 < seconds_to_next_midnight() <= 24 * 3600 + 5
