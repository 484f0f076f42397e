"""What an operator prepares once from an admin shell: a campaign in the promotion stage with public finalists,
and an organizer account. Run as `python -m tests.multihost.seed FINALISTS USERNAME` with the deployment's
DATABASE_URL and REDIS_URL (the password in CONSOLE_PASSWORD).

The demo seed would do it too, through every stage's services, but takes minutes; likes need only finalists.
"""
from __future__ import annotations

import os
import sys
from datetime import datetime, timezone

from app import create_app
from app.extensions import db
from app.services.accounts import disabled
from app.services.accounts.console_auth import create_account
from app.services.likes.state import sync_campaign
from tests.factories.likes import make_campaign, make_nominee

TRADES = ("港口机械维修", "数控车工", "焊工", "电工", "钳工", "化工总控工", "汽车维修工")


def main(finalists: int, organizer: str) -> None:
    app = create_app()
    with app.app_context():
        # All the load comes through one balancer; each phone has its own address, but let them all like freely.
        campaign = make_campaign("promotion", likes_per_ip_per_minute=100_000)
        checked = datetime.now(timezone.utc)
        for number in range(finalists):
            make_nominee(campaign, name=f"多主机候选人{number + 1}", trade=TRADES[number % len(TRADES)],
                         content_checked_at=checked)
        create_account(organizer, os.environ["CONSOLE_PASSWORD"], "organizer", "多主机测试组织者", actor_label="cli")
        db.session.commit()
        sync_campaign(campaign)
        disabled.rebuild()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
