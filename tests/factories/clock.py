"""Tests of limits that count per clock minute (likes per address, velocity holds, mass-send rate)."""
from __future__ import annotations

import time


def not_at_a_minute_end(margin: float = 5.0) -> None:
    """Start a burst where the clock minute cannot end under it: a new minute starts a new count."""
    left = 60 - time.time() % 60
    if left < margin:
        time.sleep(left + 0.05)
