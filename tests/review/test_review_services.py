"""Review (考察审核) services: the queue, the checklist, check records and the three decisions."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import (AuditEntry, HonourRollEntry, Membership, Nomination, NominationChannel, NominationReview,
                        Notification, ReviewCheck)
from app.services.campaigns import stages
from app.services.errors import DomainError
from app.services.review import checklist, checks, decisions, queue, work
from tests.factories.nominations import jpeg_bytes, pdf_bytes
from tests.review.conftest import a_union_nomination, confirm_everything, queue_nominations


def _today():
    return stages.local_today(stages.current_campaign())


def _entries(action: str, nomination_id: int) -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action,
                                                                AuditEntry.target_id == str(nomination_id))))


def _version(nomination_id: int) -> int:
    db.session.expire_all()
    review = db.session.scalars(sa.select(NominationReview).where(NominationReview.nomination_id == nomination_id)).first()
    return review.version if review else 0


def test_the_queue_holds_every_nomination_ready_for_review_and_counts_states(reviewers):
    campaign = stages.current_campaign()
    ready = queue_nominations()
    counts = queue.state_counts(campaign)
    assert counts["pending"] == len(ready) == 58 and counts["in_review"] == counts["qualified"] == 0
    rows, total, _ = queue.page(campaign, queue.Filters(), 1, 100)
    assert total == 58 and {n.id for n, _ in rows} == {n.id for n in ready}
    # Filters: district, channel, recommending organization, trade, priority marks.
    some = ready[0]
    for filters, predicate in (
            (queue.Filters(district=some.district), lambda n: n.district == some.district),
            (queue.Filters(channel="self"), lambda n: n.channel == NominationChannel.self_nomination),
            (queue.Filters(org_id=some.nominating_org_id), lambda n: n.nominating_org_id == some.nominating_org_id),
            (queue.Filters(trade=some.trade), lambda n: n.trade == some.trade),
            (queue.Filters(priority="chief"), lambda n: n.priority_chief_employee),
            (queue.Filters(priority="innovation"), lambda n: n.priority_innovation_award)):
        rows, total, _ = queue.page(campaign, filters, 1, 100)
        expected = {n.id for n in ready if predicate(n)}
        assert expected and {n.id for n, _ in rows} == expected, filters
    assert queue.state_counts(campaign, queue.Filters(channel="self"))["pending"] == sum(
        n.channel == NominationChannel.self_nomination for n in ready)
    with pytest.raises(DomainError) as refused:
        queue.page(campaign, queue.Filters(state="everything"))
    assert refused.value.status == 400


def test_the_checklist_is_filled_from_the_rules_of_the_notice(reviewers):
    nomination = a_union_nomination()
    found = {i.key: i for i in checklist.items(nomination, None)}
    assert list(found) == list(checklist.ITEMS)
    assert found["works_in_city"].auto == "pass" and nomination.employer_name in found["works_in_city"].evidence[0]
    assert found["years_in_trade"].auto == "pass" and "2019年5月31日（推荐申报截止）" in found["years_in_trade"].evidence[0]
    assert found["good_standing"].auto == "manual"
    assert found["conditions"].auto == "manual" and nomination.conditions[0]["evidence"] in found["conditions"].evidence[0]
    assert found["not_prior_winner"].auto == "pass" and found["materials"].auto == "pass"
    assert found["endorsement"].auto == "na" and found["quota"].auto == "pass"
    assert nomination.nominating_org.name in found["quota"].evidence[0]
    assert found["duplicates"].auto == "pass"

    # A previous 港城工匠, five years not reached by the deadline, a missing work photo: the system says so.
    holder = db.session.scalars(sa.select(HonourRollEntry).where(HonourRollEntry.birth_month.is_not(None))).first()
    nomination.name, nomination.birth_month = holder.name, holder.birth_month
    nomination.trade_since = date(2016, 1, 1)
    nomination.files.remove(nomination.files_of("work_photo")[0])
    found = {i.key: i for i in checklist.items(nomination, None)}
    assert found["not_prior_winner"].auto == "fail" and f"{holder.year}年“{holder.title}”" in found["not_prior_winner"].evidence[0]
    assert found["years_in_trade"].auto == "fail" and "满3年" in found["years_in_trade"].evidence[0]
    assert found["materials"].auto == "fail" and "work_photo" in found["materials"].missing
    assert checklist.suggested_return_items(list(found.values())) == ["employment", "work_photo"]
    db.session.rollback()


def test_a_self_nomination_without_an_effective_endorsement_is_flagged(reviewers):
    from app.models import Endorsement

    nomination = queue_nominations(NominationChannel.self_nomination)[0]
    found = {i.key: i for i in checklist.items(nomination, None)}
    # The demo's self-nominations were endorsed by a verified representative of the employer.
    assert found["endorsement"].auto == "pass" and found["quota"].auto == "na"
    assert "认可（本单位认证代表扫码认可）" in found["endorsement"].evidence[0]
    for endorsement in db.session.scalars(sa.select(Endorsement).where(Endorsement.nomination_id == nomination.id)):
        db.session.delete(endorsement)
    db.session.flush()
    found = {i.key: i for i in checklist.items(nomination, None)}
    assert found["endorsement"].auto == "fail" and found["endorsement"].evidence == ["没有单位认可的记录"]
    db.session.rollback()


def test_confirming_items_starts_the_review_and_is_audited(reviewers):
    zhou, _ = reviewers
    nomination = a_union_nomination()
    assert nomination.status == "submitted"
    with pytest.raises(DomainError) as refused:
        work.confirm_item(zhou, nomination.id, "good_standing", "fail", "")
    assert refused.value.status == 400 and "原因" in refused.value.message
    db.session.rollback()
    with pytest.raises(DomainError) as refused:  # overriding the system's finding needs a reason
        work.confirm_item(zhou, nomination.id, "duplicates", "fail")
    db.session.rollback()
    assert refused.value.status == 400 and _version(nomination.id) == 0

    confirmed = work.confirm_passing(zhou, nomination.id)
    assert set(confirmed) == {"works_in_city", "years_in_trade", "not_prior_winner", "materials", "quota", "duplicates"}
    db.session.expire_all()
    assert nomination.status == "under_review"
    [entry] = _entries("review.items_confirmed", nomination.id)
    assert entry.data["from"] == "submitted" and entry.data["to"] == "under_review"
    work.confirm_item(zhou, nomination.id, "good_standing", "pass", "经实地了解，群众评价好")
    [entry] = _entries("review.item_confirmed", nomination.id)
    assert entry.reason == "经实地了解，群众评价好" and "from" not in entry.data
    assert _version(nomination.id) == 2
    with pytest.raises(DomainError) as refused:
        work.confirm_item(zhou, nomination.id, "endorsement", "pass")
    assert refused.value.code == "not_applicable"
    db.session.rollback()


def test_qualified_needs_every_item_confirmed_then_tells_the_nominee_and_the_organization(reviewers):
    zhou, _ = reviewers
    nomination = a_union_nomination()
    with pytest.raises(DomainError) as refused:
        decisions.qualify(zhou, nomination.id, 0)
    assert refused.value.code == "checklist_incomplete" and "遵纪守法" in refused.value.message
    db.session.rollback()
    confirm_everything(zhou, nomination.id)
    decisions.qualify(zhou, nomination.id, _version(nomination.id), "材料真实，符合条件")
    db.session.expire_all()
    assert nomination.status == "qualified"
    [entry] = _entries("review.qualified", nomination.id)
    assert entry.actor_user_id == zhou.id and entry.data == {"from": "under_review", "to": "qualified"}
    representatives = set(db.session.scalars(sa.select(Membership.user_id).where(
        Membership.organization_id == nomination.nominating_org_id)))
    told = {row.user_id for row in db.session.scalars(sa.select(Notification).where(Notification.event == "review_passed"))}
    assert representatives and told == representatives
    assert queue.state_counts(stages.current_campaign())["qualified"] == 1


def test_a_return_asks_for_what_is_missing_until_a_deadline(reviewers):
    zhou, _ = reviewers
    nomination = queue_nominations(NominationChannel.self_nomination)[0]
    for deadline, field in ((_today() - timedelta(days=1), "resubmit_by"), ("2019-13-01", "resubmit_by"),
                            (_today() + timedelta(days=400), "resubmit_by")):
        with pytest.raises(DomainError) as refused:
            decisions.return_for_more(zhou, nomination.id, 0, items=["story"], resubmit_by=deadline)
        assert refused.value.status == 400 and field in refused.value.details["fields"]
        db.session.rollback()
    with pytest.raises(DomainError) as refused:
        decisions.return_for_more(zhou, nomination.id, 0, items=[], note="", resubmit_by=_today())
    assert refused.value.status == 400
    db.session.rollback()

    deadline = _today() + timedelta(days=10)
    decisions.return_for_more(zhou, nomination.id, 0, items=["story", "work_photo"], note="现有工作照不清晰",
                              resubmit_by=deadline.isoformat())
    db.session.expire_all()
    assert nomination.status == "returned" and nomination.resubmit_by == deadline
    assert nomination.return_reason == "请补充：事迹简介（1500字左右）、工作照2张。说明：现有工作照不清晰。"
    [row] = db.session.scalars(sa.select(Notification).where(Notification.event == "review_returned"))
    assert row.user_id == nomination.nominee_user_id
    assert f"请于{deadline.year}年{deadline.month}月{deadline.day}日前" in row.body and "现有工作照不清晰" in row.body
    counts = queue.state_counts(stages.current_campaign())
    assert counts["returned"] == 1 and counts["pending"] == 57


def test_a_rejection_needs_a_reason_the_nominee_reads(reviewers):
    zhou, _ = reviewers
    nomination = a_union_nomination()
    with pytest.raises(DomainError) as refused:
        decisions.reject(zhou, nomination.id, 0, "  ")
    assert refused.value.status == 400
    db.session.rollback()
    decisions.reject(zhou, nomination.id, 0, "经实地了解，从事本工种不满五年")
    db.session.expire_all()
    assert nomination.status == "rejected" and nomination.return_reason == "经实地了解，从事本工种不满五年"
    [entry] = _entries("review.rejected", nomination.id)
    assert entry.reason == "经实地了解，从事本工种不满五年"
    assert db.session.scalar(sa.select(sa.func.count(Notification.id)).where(Notification.event == "review_rejected"))


def test_a_stale_page_cannot_decide_and_is_told_who_did(reviewers):
    zhou, su = reviewers
    nomination = a_union_nomination()
    seen_by_su = _version(nomination.id)  # 苏科长 opens the page
    work.confirm_item(zhou, nomination.id, "good_standing", "fail", "有违纪记录")  # 周主任 works meanwhile
    with pytest.raises(DomainError) as refused:
        decisions.reject(su, nomination.id, seen_by_su, "不符合条件")
    db.session.rollback()
    assert refused.value.status == 409 and refused.value.code == "review_changed"
    assert "已由周主任于" in refused.value.message
    db.session.expire_all()
    assert nomination.status == "under_review" and not _entries("review.rejected", nomination.id)

    decisions.reject(zhou, nomination.id, _version(nomination.id), "有违纪记录")
    with pytest.raises(DomainError) as refused:
        decisions.reject(su, nomination.id, _version(nomination.id), "不符合条件")
    db.session.rollback()
    assert refused.value.code == "already_decided" and refused.value.status == 409
    assert refused.value.message.startswith("该推荐对象已由周主任于") and "（不予通过）" in refused.value.message
    assert len(_entries("review.rejected", nomination.id)) == 1


def test_review_work_waits_for_the_review_stage(reviewers):
    zhou, _ = reviewers
    stages.set_override(stages.current_campaign(), "nomination", actor_label="test")
    db.session.commit()
    nomination = a_union_nomination()
    for attempt in (lambda: decisions.reject(zhou, nomination.id, 0, "不符合条件"),
                    lambda: work.confirm_item(zhou, nomination.id, "good_standing", "pass", "好"),
                    lambda: checks.add_check(zhou, nomination.id, method="site_visit", checked_on=_today(),
                                             checked_by="周姝彤", notes="走访")):
        with pytest.raises(DomainError) as refused:
            attempt()
        db.session.rollback()
        assert refused.value.status == 409 and refused.value.code == "stage_closed" and "考察审核" in refused.value.message
    assert nomination.status == "submitted"


def test_only_organizers_review(reviewers):
    nomination = a_union_nomination()
    worker = db.session.scalars(sa.select(Nomination.submitted_by_id)).first()
    from app.models import User

    with pytest.raises(DomainError) as refused:
        decisions.reject(db.session.get(User, worker), nomination.id, 0, "不符合条件")
    assert refused.value.status == 403


def test_a_check_record_keeps_its_files_and_refuses_what_is_not_an_image_or_pdf(reviewers):
    zhou, _ = reviewers
    nomination = a_union_nomination()
    with pytest.raises(DomainError) as refused:
        checks.add_check(zhou, nomination.id, method="phone", checked_on="2019-06-40", checked_by="", notes="")
    assert set(refused.value.details["fields"]) == {"method", "checked_on", "checked_by", "notes"}
    with pytest.raises(DomainError) as refused:
        checks.add_check(zhou, nomination.id, method="written_confirmation", checked_on=_today(), checked_by="周姝彤",
                         notes="人社局书面认证", files=[("x.exe", b"MZ\x90\x00not a document")])
    assert refused.value.status == 415
    db.session.rollback()
    assert not db.session.scalar(sa.select(sa.func.count(ReviewCheck.id)))

    record = checks.add_check(zhou, nomination.id, method="written_confirmation", checked_on=_today(),
                              checked_by="周姝彤、苏常霞", notes="市人社局书面证明其技能大赛成绩属实",
                              files=[("证明.pdf", pdf_bytes()), ("走访.jpg", jpeg_bytes())])
    assert [f.content_type for f in record.files] == ["application/pdf", "image/jpeg"]
    row, data = checks.open_file(zhou, nomination.id, record.files[0].id)
    assert data.startswith(b"%PDF") and row.original_name == "证明.pdf"
    [entry] = _entries("review.check_added", nomination.id)
    assert entry.data["method"] == "written_confirmation" and entry.data["files"] == 2
    assert [c.id for c in checks.of_nomination(nomination.id)] == [record.id]
    with pytest.raises(DomainError):
        checks.open_file(zhou, nomination.id + 1, record.files[0].id)
