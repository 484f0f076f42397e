"""seed-demo creates the 2019 campaign and the city's organizations, and can run again safely."""
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Campaign, Membership, Organization, OrganizationKind, User


def counts():
    return tuple(db.session.scalar(sa.select(sa.func.count(m.id))) for m in (Campaign, Organization, User, Membership))


def test_seed_demo_is_idempotent(runner, ctx):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "演示数据已就绪" in first.output
    before = counts()
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert counts() == before
    campaign = db.session.scalars(sa.select(Campaign)).one()
    assert campaign.year == 2019 and len(campaign.stages) == 5


def test_seed_demo_creates_the_citys_unions_and_quotas(runner, ctx):
    runner.invoke(args=["seed-demo"])
    county = db.session.scalars(sa.select(Organization).where(
        Organization.kind == OrganizationKind.county_union)).all()
    assert {"海州区总工会", "连云区总工会", "赣榆区总工会", "东海县总工会", "灌云县总工会", "灌南县总工会",
            "开发区总工会", "高新区总工会", "徐圩新区总工会", "云台山景区总工会"} == {o.name for o in county}
    for kind in (OrganizationKind.unit_union, OrganizationKind.association, OrganizationKind.employer):
        assert db.session.scalar(sa.select(sa.func.count(Organization.id)).where(Organization.kind == kind)) >= 5
    campaign = db.session.scalars(sa.select(Campaign)).one()
    assert (campaign.quota_county_union, campaign.quota_unit_union, campaign.quota_association) == (15, 5, 5)


def test_seed_demo_stage_switch_is_audited(runner, ctx, client):
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(args=["seed-demo", "--stage", "promotion"])
    assert result.exit_code == 0, result.output
    body = client.get("/api/v1/campaigns/current").get_json()
    assert body["stage"]["key"] == "promotion" and body["open"]["likes"] is True
    switches = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "campaign.stage_override")
                                  .order_by(AuditEntry.id)).all()
    # Through the review stage, where review and the shortlist were done, by the demo organizer.
    assert [e.data for e in switches[-2:]] == [{"from": "nomination", "to": "review"}, {"from": "review", "to": "promotion"}]
    organizer = db.session.scalars(sa.select(User).where(User.openid == "dev-organizer")).one()
    assert {e.actor_user_id for e in switches} == {organizer.id}


def test_seed_demo_refuses_an_unknown_stage(runner, ctx):
    result = runner.invoke(args=["seed-demo", "--stage", "voting"])
    assert result.exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count(Campaign.id))) == 0


def test_audit_entries_cannot_be_changed(runner, ctx):
    import pytest

    from app.models.audit import AuditLogIsAppendOnly

    runner.invoke(args=["seed-demo"])
    entry = db.session.scalars(sa.select(AuditEntry)).first()
    entry.reason = "改写历史"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalars(sa.select(AuditEntry)).first())
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
