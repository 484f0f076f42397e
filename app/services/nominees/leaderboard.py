"""The like ranking as the public sees it: a page of it, each place a nominee's public card (with its thumbnail).

The places come from the likes domain (likes/ranking.py: equal counts share a place, 1, 1, 3 …);
this adds what a phone shows beside them, built by the one function building public cards.
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.extensions import db
from app.models import Nomination
from app.services.campaigns import stages
from app.services.likes import ranking
from app.services.nominees.profiles import public_card


def page(page_number: int = 1, per_page: int = 20) -> tuple[list[dict], int]:
    """A page of the current campaign's like ranking as public cards, and how many are ranked in all."""
    campaign = stages.current_campaign()
    rows, total = ranking.page(campaign.id, page_number, per_page)
    found = {n.id: n for n in db.session.scalars(sa.select(Nomination).where(
        Nomination.id.in_([row["id"] for row in rows])).options(so.selectinload(Nomination.files)))}
    return [public_card(found[row["id"]], row["likes"], row["rank"]) for row in rows if row["id"] in found], total
