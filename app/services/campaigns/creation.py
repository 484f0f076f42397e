"""Creating a campaign with the notice's defaults (连工发〔2019〕33号)."""
from __future__ import annotations

from datetime import date

from app.extensions import db
from app.models import Campaign, CampaignStage

# The five stages of the notice. Its "2018年4月—5月" is a misprint for 2019; the notice is dated
# 2019-04-23. June–July review and July–September promotion overlap in the notice, so review ends
# mid-July here: a day belongs to exactly one stage.
STAGE_DEFAULTS = (
    ("nomination", "推荐申报", (4, 23), (5, 31), {"nominations_open": True, "recommendations_open": True}),
    ("review", "考察审核", (6, 1), (7, 14), {}),
    ("promotion", "技能推介", (7, 15), (9, 30), {"likes_open": True}),
    ("evaluation", "评议公告", (10, 1), (10, 31), {"scoring_open": True, "objections_open": True}),
    ("commendation", "表彰奖励", (11, 1), (11, 30), {}),
)


def create_campaign(year: int, title: str) -> Campaign:
    """A campaign with every figure of the notice as its default; the caller commits."""
    campaign = Campaign(
        year=year, title=title, timezone="Asia/Shanghai",
        likes_per_nominee_per_day=1, likes_per_user_per_day=10, likes_per_ip_per_minute=120,
        like_velocity_hold_per_minute=600, likes_weight_percent=0,
        quota_county_union=15, quota_unit_union=5, quota_association=5,
        finalist_count=50, top_winner_count=10, winner_count=40,
        prize_top_yuan=10000, prize_winner_yuan=4000,
    )
    for position, (key, name, start, end, switches) in enumerate(STAGE_DEFAULTS, start=1):
        stage = CampaignStage(key=key, name=name, position=position,
                              starts_on=date(year, *start), ends_on=date(year, *end),
                              nominations_open=False, recommendations_open=False, likes_open=False,
                              objections_open=False, scoring_open=False)
        for switch, value in switches.items():
            setattr(stage, switch, value)
        campaign.stages.append(stage)
    db.session.add(campaign)
    return campaign
