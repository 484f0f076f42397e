"""Background work the domain asks for by name; the job runner registers what each name runs.

Services never import the runner (app/tasks): they call `enqueue("notifications.deliver")` and
`progress(job_id)`, and app/tasks installs its queue and job functions when the app is created.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import Flask, current_app

EXTENSION = "jobs"


@dataclass(frozen=True)
class JobRunner:
    """What a runner offers: put a job on its queue (returning the job's id) and read a job's progress."""
    targets: dict[str, str]  # job name → what the runner calls (RQ: the function's dotted path)
    submit: Callable[[str, tuple, float | None, dict[str, Any]], str]
    read_progress: Callable[[str], dict | None]


def install(app: Flask, runner: JobRunner) -> None:
    app.extensions[EXTENSION] = runner


def _runner() -> JobRunner:
    runner = current_app.extensions.get(EXTENSION)
    if runner is None:
        raise RuntimeError("no job runner installed (app/tasks installs it in create_app)")
    return runner


def enqueue(name: str, *args, delay_seconds: float | None = None, **options) -> str:
    """Queue the job `name` with `args`, now or after `delay_seconds`; raises if the queue cannot be reached."""
    runner = _runner()
    if name not in runner.targets:
        raise KeyError(f"unknown job {name!r}")
    return runner.submit(runner.targets[name], args, delay_seconds, options)


def progress(job_id: str) -> dict | None:
    """What the job reported of its progress so far, or None when the runner no longer knows it."""
    return _runner().read_progress(job_id)
