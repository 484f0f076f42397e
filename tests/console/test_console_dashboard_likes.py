"""The dashboard shows likes over time from the ledger, voided likes left out."""
from datetime import date, datetime, timezone

import sqlalchemy as sa

from app.extensions import db
from app.models import LikeRecord, LikeVoid, User


def record(nomination, user, day, seq, void=None):
    return LikeRecord(campaign_id=nomination.campaign_id, nomination_id=nomination.id, user_id=user.id, day=day,
                      seq=seq, ip="198.51.100.7", liked_at=datetime(day.year, day.month, day.day, 4, tzinfo=timezone.utc),
                      stream_id=f"{day.toordinal()}-{seq}-{user.id}", void_id=void.id if void else None)


def test_dashboard_draws_likes_per_day_without_voided_likes(organizer_console, nominations):
    first, second = nominations[0], nominations[1]
    users = db.session.scalars(sa.select(User).order_by(User.id).limit(3)).all()
    void = LikeVoid(campaign_id=first.campaign_id, reason="刷票", criteria={}, voided_count=1, per_nomination={},
                    actor_label="test")
    db.session.add(void)
    db.session.flush()
    db.session.add_all([
        record(first, users[0], date(2019, 7, 20), 1), record(second, users[1], date(2019, 7, 20), 1),
        record(first, users[2], date(2019, 7, 20), 1, void=void),
        record(first, users[0], date(2019, 7, 21), 1),
    ])
    db.session.commit()

    html = organizer_console.get("/console/dashboard").get_data(as_text=True)
    assert "每日点赞趋势" in html and 'data-chart="likes_daily"' in html
    table = html[html.index('id="likes-per-day"'):]
    assert "<td>2019-07-20</td><td>2</td>" in table and "<td>2019-07-21</td><td>1</td>" in table


def test_dashboard_without_likes_has_no_trend(organizer_console):
    html = organizer_console.get("/console/dashboard").get_data(as_text=True)
    assert "每日点赞趋势" not in html
