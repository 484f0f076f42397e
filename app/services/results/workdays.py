"""Working days (工作日) for the public notice window.

Weekends are skipped. Public holidays and the weekend days worked in lieu (调休) are not known here: organizers
who publish around a holiday set the window's length (campaign setting notice_working_days) accordingly.
"""
from __future__ import annotations

from datetime import date, timedelta


def is_working_day(day: date) -> bool:
    return day.weekday() < 5


def window_end(start: date, working_days: int) -> date:
    """The last day of a window of `working_days` working days beginning on `start` (counted if it is one)."""
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted >= working_days:
                return day
        day += timedelta(days=1)


def first_working_day(start: date) -> date:
    day = start
    while not is_working_day(day):
        day += timedelta(days=1)
    return day
