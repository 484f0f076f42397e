"""The worker's heartbeat: written into Redis while it runs, from a thread beside the jobs."""
from __future__ import annotations

import time

from app.services.health import workers
from app.tasks.observed import start_heartbeat_thread
from tests.console.conftest import run_worker_burst


def test_the_heartbeat_thread_beats_until_stopped_and_a_silent_worker_turns_dead(app, ctx, monkeypatch):
    monkeypatch.setitem(app.config, "WORKER_HEARTBEAT_SECONDS", 0.05)
    thread, stop = start_heartbeat_thread(app, "worker-test-1")
    try:
        time.sleep(0.3)
        [beat] = workers.heartbeats()
        assert beat.worker == "worker-test-1" and beat.alive and beat.age_seconds < 1
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
    last = workers.heartbeats()[0].last_seen
    time.sleep(0.2)
    assert workers.heartbeats()[0].last_seen == last  # stopped: no more beats
    later = time.time() + app.config["WORKER_DEAD_SECONDS"] + 1
    assert workers.heartbeats(now=later)[0].alive is False


def test_a_burst_worker_beats_once(app, ctx):
    run_worker_burst(app)
    beats = workers.heartbeats()
    assert len(beats) == 1 and beats[0].worker.startswith("worker-") and beats[0].alive
