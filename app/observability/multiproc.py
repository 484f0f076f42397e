"""prometheus-client's multiprocess mode: the folder where every process of one run writes its counters."""
from __future__ import annotations

from pathlib import Path


def prepare(path: str) -> str:
    """Create the folder and empty it of an earlier run's files (their counts would be added to this run's).

    Call it before the web and worker processes start, never while they run.
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink(missing_ok=True)
    return str(folder)
