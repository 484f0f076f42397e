"""Demo data: the 2019 campaign, the city's unions and organizations, fictional people. Idempotent."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import STAGE_KEYS, Campaign, Membership, Organization, OrganizationKind, User
from app.models.base import utcnow
from app.services.campaigns import stages
from app.services.campaigns.creation import create_campaign
from app.services.likes import state
from app.services.nominations.rules import DISTRICTS, ZONES
from app.services.seed import articles as seed_articles
from app.services.seed import commendation as seed_commendation
from app.services.seed import evaluation as seed_evaluation
from app.services.seed import nominations as seed_nominations
from app.services.seed import review as seed_review

DEMO_YEAR = 2019
DEMO_TITLE = "寻找“身边的港城工匠”选树活动"

# Fictional organizations (any likeness to real ones is coincidental).
UNIT_UNIONS = ("市港航物流集团工会", "市第一医疗集团工会", "市城建控股集团工会", "市供水集团工会", "市职业技术学院工会")
ASSOCIATIONS = ("市机械制造行业协会", "市餐饮烹饪商会", "市建筑业协会", "市非遗技艺传承协会", "市电子信息行业协会")
EMPLOYERS = (
    ("连云港海缘数控机床有限公司", "海州区"), ("连云港云台港口机械有限公司", "连云区"),
    ("赣榆海丰食品有限公司", "赣榆区"), ("东海晶华水晶工艺有限公司", "东海县"),
    ("灌云盐河纺织有限公司", "灌云县"), ("灌南绿源化工有限公司", "灌南县"),
    ("连云港开发区新材料科技有限公司", "开发区"), ("高新区智芯电子有限公司", "高新区"),
    ("徐圩石化装备检修有限公司", "徐圩新区"), ("花果山文旅服务有限公司", "云台山景区"),
    ("连云港淮海汽车维修有限公司", "海州区"), ("连云港港城建设工程有限公司", "连云区"),
)

# Fictional people who log in with the emulator's dev-<name> codes.
DEMO_USERS = (
    ("dev-alice", "王晓燕", []), ("dev-bob", "李建国", []), ("dev-carol", "陈思远", []),
    ("dev-organizer", "周主任", ["organizer"]), ("dev-expert", "孙教授", ["expert"]),
)
# Representatives: (openid, nickname, organization name)
DEMO_REPRESENTATIVES = (
    ("dev-rep-haizhou", "海州区总工会联络员", "海州区总工会"),
    ("dev-rep-port", "港航物流集团工会联络员", "市港航物流集团工会"),
    ("dev-rep-machinery", "机械制造行业协会联络员", "市机械制造行业协会"),
    ("dev-rep-cnc", "海缘数控人事专员", "连云港海缘数控机床有限公司"),
)


def _get_or_create(model, lookup: dict, **values):
    obj = db.session.scalars(sa.select(model).filter_by(**lookup)).first()
    if obj is None:
        obj = model(**lookup, **values)
        db.session.add(obj)
        db.session.flush()
    return obj


def _organizations() -> dict[str, Organization]:
    orgs = {}
    for place in DISTRICTS + ZONES:
        orgs[f"{place}总工会"] = _get_or_create(Organization, {"name": f"{place}总工会"},
                                             kind=OrganizationKind.county_union, district=place)
    for name in UNIT_UNIONS:
        orgs[name] = _get_or_create(Organization, {"name": name}, kind=OrganizationKind.unit_union)
    for name in ASSOCIATIONS:
        orgs[name] = _get_or_create(Organization, {"name": name}, kind=OrganizationKind.association)
    for name, district in EMPLOYERS:
        orgs[name] = _get_or_create(Organization, {"name": name}, kind=OrganizationKind.employer,
                                    district=district, parent_id=orgs[f"{district}总工会"].id)
    return orgs


def seed_demo(stage: str | None = None) -> dict[str, int]:
    campaign = db.session.scalars(sa.select(Campaign).where(Campaign.year == DEMO_YEAR)).first()
    if campaign is None:
        campaign = create_campaign(DEMO_YEAR, DEMO_TITLE)
        db.session.flush()
    orgs = _organizations()
    for openid, nickname, roles in DEMO_USERS:
        _get_or_create(User, {"openid": openid}, nickname=nickname, roles=roles)
    for openid, nickname, org_name in DEMO_REPRESENTATIVES:
        user = _get_or_create(User, {"openid": openid}, nickname=nickname, roles=[])
        _get_or_create(Membership, {"user_id": user.id, "organization_id": orgs[org_name].id},
                       role="representative", verified=True, verified_at=utcnow())
    db.session.commit()
    # The 2019 dates are long past: the demo always runs under a manual stage switch, by the demo organizer.
    stage = stage or campaign.stage_override or "nomination"
    ordered = seed_nominations.seed(campaign, orgs)
    _review(campaign, ordered, stage)
    stages.set_override(campaign, stage, actor=seed_review.organizer(), reason="演示数据")
    db.session.commit()
    seed_articles.seed(campaign, stage)
    if stage in ("evaluation", "commendation"):
        # The panel, the results and the notice need the evaluation stage, the awards the notice over.
        (seed_evaluation if stage == "evaluation" else seed_commendation).seed(campaign)
        stages.set_override(campaign, stage, actor=seed_review.organizer(), reason="演示数据")
        db.session.commit()
    # Likes read the stage switch and the likeable finalists from Redis: put them there now.
    state.sync_campaign(campaign)
    return {
        "活动": db.session.scalar(sa.select(sa.func.count(Campaign.id))),
        "组织": db.session.scalar(sa.select(sa.func.count(Organization.id))),
        "用户": db.session.scalar(sa.select(sa.func.count(User.id))),
        "推荐": len(ordered),
    }


def _review(campaign: Campaign, ordered: list, stage: str) -> None:
    """Review and shortlist as far as the stage asks, in the review stage where their services allow them."""
    position = STAGE_KEYS.index(stage)
    if position < STAGE_KEYS.index("review"):
        return
    later = position > STAGE_KEYS.index("review")
    if later and seed_review.shortlisted(campaign, ordered):
        return  # reviewed and shortlisted already: nothing to switch back for
    stages.set_override(campaign, "review", actor=seed_review.organizer(), reason="演示数据：考察审核")
    db.session.commit()
    seed_review.review_sample(campaign, ordered)
    if later:
        seed_review.review_all(campaign, ordered)
        seed_review.shortlist(campaign, ordered)
