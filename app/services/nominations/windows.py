"""When a nomination may be changed and (re)submitted: the one rule the form, the uploads and the submission ask.

- a draft: while nominations are open (the stage switch, campaigns/stages);
- returned by review for more (退回补充, `resubmit_by` set): until the end of that day in the campaign's time
  zone, whatever the stage — the nomination stage has usually closed by then — and it goes back to review;
- returned by the employer (`resubmit_by` NULL): changed at any time, submitted again while nominations are open;
- any other status: never by the nominee or the organization (organizers correct data: corrections.py).
"""
from __future__ import annotations

from datetime import date, datetime

from app.models import Nomination
from app.services.campaigns import stages
from app.services.errors import DomainError

EDITABLE_STATUSES = ("draft", "returned")


def is_review_return(nomination: Nomination) -> bool:
    """Returned for more by review (its deadline set), as opposed to a return by the employer."""
    return nomination.status == "returned" and nomination.resubmit_by is not None


def day_text(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _deadline_passed(nomination: Nomination) -> DomainError:
    day = nomination.resubmit_by
    return DomainError("resubmit_deadline_passed",
                       f"补充材料的截止日期（{day_text(day)}）已过，不能再修改或重新提交；如有疑问请联系市总工会", 409,
                       details={"resubmit_by": day.isoformat()})


def refusal(nomination: Nomination, *, submitting: bool, now: datetime | None = None) -> DomainError | None:
    """Why the nomination cannot be changed (or, `submitting`, submitted) now; None when it can."""
    if nomination.status not in EDITABLE_STATUSES:
        return DomainError("not_editable", "已提交的推荐不能再修改；如需修改，请联系市总工会退回", 409,
                           details={"status": nomination.status})
    if is_review_return(nomination):
        if stages.local_today(nomination.campaign, now) > nomination.resubmit_by:
            return _deadline_passed(nomination)
        return None
    if nomination.status == "draft" or submitting:
        try:
            stages.require_open(nomination.campaign, "nominations", now)
        except DomainError as error:
            return error
    return None


def require_changeable(nomination: Nomination, now: datetime | None = None) -> None:
    error = refusal(nomination, submitting=False, now=now)
    if error is not None:
        raise error


def require_submittable(nomination: Nomination, now: datetime | None = None) -> None:
    error = refusal(nomination, submitting=True, now=now)
    if error is not None:
        raise error


def open_for_changes(nomination: Nomination, now: datetime | None = None) -> bool:
    """Whether the form can be changed and (re)submitted now (what the mini-program shows or hides)."""
    return refusal(nomination, submitting=True, now=now) is None
