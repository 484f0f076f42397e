"""seed-demo brings realistic nominations: every channel and place, complete, and 50 finalists at promotion."""
import sqlalchemy as sa

from app.extensions import db
from app.models import Nomination
from app.services.materials.storage import get_storage
from app.services.nominations import eligibility
from app.services.nominations.rules import DISTRICTS, ZONES


def test_seed_demo_creates_complete_nominations_across_channels_and_places(runner, ctx):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "推荐 64" in result.output
    rows = db.session.scalars(sa.select(Nomination)).all()
    assert len(rows) >= 60
    assert {n.channel.value for n in rows} == {"self", "union", "association"}
    assert {n.district for n in rows} == set(DISTRICTS + ZONES)
    submitted = [n for n in rows if n.status not in ("draft", "awaiting_endorsement")]
    assert len(submitted) >= 50
    for nomination in submitted:  # each could pass every rule of a real submission
        assert eligibility.missing_items(nomination) == {}, nomination.name
        assert eligibility.prior_title(nomination) is None
    photo = rows[0].files_of("id_photo")[0]
    assert get_storage().get(photo.storage_key)[:3] == b"\xff\xd8\xff"
    # Running it again adds nothing.
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count(Nomination.id))) == len(rows)


def test_seed_demo_at_promotion_leaves_fifty_finalists(runner, ctx):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert runner.invoke(args=["seed-demo", "--stage", "promotion"]).exit_code == 0
    db.session.expire_all()
    finalists = db.session.scalars(sa.select(Nomination).where(Nomination.status == "finalist")).all()
    assert len(finalists) == 50
    assert {n.channel.value for n in finalists} == {"self", "union", "association"}
    assert all(n.story_published_at is not None and n.content_checked_at is not None for n in finalists)


def _quotes_balanced(text: str) -> bool:
    """Chinese quotation marks open and close in turn, never doubled or nested."""
    depth = 0
    for char in text:
        if char == "“":
            depth += 1
        elif char == "”":
            depth -= 1
        if depth not in (0, 1):
            return False
    return depth == 0


def test_seeded_text_has_its_quotation_marks_once(runner, ctx):
    from app.models import HonourRollEntry, Lead

    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    texts = [getattr(n, f) or "" for n in db.session.scalars(sa.select(Nomination))
             for f in ("awards", "deeds", "story", "brief", "career", "post", "employer_name")]
    texts += [h.title for h in db.session.scalars(sa.select(HonourRollEntry))]
    texts += [lead.reason for lead in db.session.scalars(sa.select(Lead))]
    assert [t for t in texts if not _quotes_balanced(t)] == []
    assert any("获市“首席员工”称号" in t for t in texts)
