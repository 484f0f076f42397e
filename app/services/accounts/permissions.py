"""Who may do what in the console: the one policy every console view asks."""
from __future__ import annotations

from app.models import User
from app.services.errors import forbidden

# Permission → the granted roles that hold it.
PERMISSIONS: dict[str, frozenset[str]] = {
    "console.enter": frozenset({"organizer", "expert"}),
    "dashboard.view": frozenset({"organizer"}),
    "campaign.manage": frozenset({"organizer"}),
    "organizations.manage": frozenset({"organizer"}),
    "nominations.view": frozenset({"organizer"}),
    "nominations.view_private": frozenset({"organizer"}),
    "nominations.correct": frozenset({"organizer"}),
    "exports.run": frozenset({"organizer"}),
    "leads.handle": frozenset({"organizer"}),
    "accounts.manage": frozenset({"organizer"}),
    "audit.view": frozenset({"organizer"}),
    "likes.review": frozenset({"organizer"}),
    "endorsements.check": frozenset({"organizer"}),
    "review.handle": frozenset({"organizer"}),
    "shortlist.manage": frozenset({"organizer"}),
    "articles.manage": frozenset({"organizer"}),
    "panel.manage": frozenset({"organizer"}),
    "results.manage": frozenset({"organizer"}),
    "awards.manage": frozenset({"organizer"}),
    "broadcasts.manage": frozenset({"organizer"}),
    "scoring.take_part": frozenset({"expert"}),
}


def can(user: User | None, permission: str) -> bool:
    allowed = PERMISSIONS[permission]  # an unknown permission is a programming error, not a refusal
    if user is None or user.disabled_at is not None:
        return False
    return bool(allowed & set(user.roles or []))


def require(user: User | None, permission: str) -> None:
    if not can(user, permission):
        raise forbidden("您的账号没有访问此页面的权限")


def home_endpoint(user: User) -> str:
    """Where a console user lands after logging in."""
    return "console.dashboard" if can(user, "dashboard.view") else "console.expert_home"
