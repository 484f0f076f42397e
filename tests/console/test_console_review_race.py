"""Two organizers review the 64 demo nominations at once through the console, over real HTTP against the
threaded test server: each opens the same review page, both post a decision at the same moment, and exactly
one of them is taken (302) while the other is answered 409 with who decided; no nomination is decided twice."""
from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import timedelta

import requests
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEntry, Nomination, NominationChannel, Notification
from app.services.campaigns import stages
from tests.console.conftest import ORGANIZER
from tests.review.conftest import confirm_everything

SU = {"username": "sukezhang", "password": "kaocha-2019!", "name": "苏科长"}


def _session(base: str, who: dict) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/console/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = session.post(f"{base}/console/login", data={"csrf_token": token, "username": who["username"],
                                                          "password": who["password"]}, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.text[:500]
    return session


def test_sixty_four_nominations_two_organizers_posting_at_once(app, accounts):
    from app.services.accounts.console_auth import create_account

    create_account(SU["username"], SU["password"], "organizer", SU["name"], actor_label="test")
    campaign = stages.current_campaign()
    stages.set_override(campaign, "review", actor_label="test")
    for n in db.session.scalars(sa.select(Nomination).where(Nomination.status.in_(("draft", "awaiting_endorsement")))):
        n.status = "endorsed" if n.channel == NominationChannel.self_nomination else "submitted"  # all 64 in the queue
    db.session.commit()
    ids = list(db.session.scalars(sa.select(Nomination.id).where(Nomination.campaign_id == campaign.id)
                                  .order_by(Nomination.id)))
    assert len(ids) == 64
    wanted = {nid: ("rejected" if k % 8 == 3 else "returned" if k % 8 == 6 else "qualified") for k, nid in enumerate(ids)}
    for nid, decision in wanted.items():  # the checklists were worked through before the decisions
        if decision == "qualified":
            confirm_everything(accounts["organizer"], nid)
    deadline = (stages.local_today(campaign) + timedelta(days=10)).isoformat()

    base = app.config["LIVE_URL"]
    sessions = {"周主任": _session(base, ORGANIZER), "苏科长": _session(base, SU)}
    barrier = threading.Barrier(2)
    answers: list[tuple[int, str, int, str]] = []
    errors: list[BaseException] = []

    def review(name: str):
        http = sessions[name]
        try:
            for nid in ids:
                page = http.get(f"{base}/console/review/{nid}", timeout=60).text
                token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
                version = re.search(r'name="version" value="(\d+)" id="version-qualified"', page).group(1)
                form = {"csrf_token": token, "decision": wanted[nid], "version": version,
                        "reason": f"{name}：不符合推荐条件", "items": ["story"], "resubmit_by": deadline}
                barrier.wait(timeout=60)  # both pages show the same version; both post now
                answer = http.post(f"{base}/console/review/{nid}/decision", data=form, allow_redirects=False, timeout=60)
                answers.append((nid, name, answer.status_code, answer.text))
                barrier.wait(timeout=60)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=review, args=(name,)) for name in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert not errors, errors

    taken = Counter(nid for nid, _, status, _ in answers if status == 302)
    assert taken == Counter({nid: 1 for nid in ids})
    refused = [(nid, text) for nid, _, status, text in answers if status != 302]
    assert len(refused) == 64 and all(status == 409 for _, _, status, _ in answers if status != 302)
    for _, text in refused:
        assert re.search(r"该推荐对象已由(周主任|苏科长)于", text), text[:300]
    winners = Counter(name for _, name, status, _ in answers if status == 302)
    assert sum(winners.values()) == 64

    db.session.expire_all()
    entries = list(db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action.in_(("review.qualified", "review.returned", "review.rejected")))))
    assert Counter(int(e.target_id) for e in entries) == Counter({nid: 1 for nid in ids})
    for nid in ids:
        nomination = db.session.get(Nomination, nid)
        assert nomination.status == wanted[nid]
        if wanted[nid] == "rejected":  # the reason kept is the one of who was taken
            winner = next(name for n, name, status, _ in answers if n == nid and status == 302)
            assert nomination.return_reason == f"{winner}：不符合推荐条件"
    told = Counter(row.data["nomination_id"] for row in db.session.scalars(sa.select(Notification).where(
        Notification.event.in_(("review_passed", "review_returned", "review_rejected")))))
    from app.services.review.decisions import recipients

    assert all(told[nid] == len(recipients(db.session.get(Nomination, nid))) for nid in ids)
