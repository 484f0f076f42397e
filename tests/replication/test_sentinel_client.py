"""The app's Redis client through Sentinel (REDIS_SENTINELS): it reaches the primary, and a read that
failed never leaves its late reply for the next command."""
import os
import signal

import pytest
import redis

from tests.replication.cluster import MASTER_NAME, REDIS_SERVER

pytestmark = [pytest.mark.faults,
              pytest.mark.skipif(not os.path.exists(REDIS_SERVER), reason="needs redis-server (.ci/run installs it)")]


@pytest.fixture
def sentinel_app(app, cluster):
    from app import create_app

    return create_app({"TESTING": True, "REDIS_URL": "", "REDIS_SENTINELS": cluster.sentinels,
                       "REDIS_SENTINEL_MASTER": MASTER_NAME})


def test_the_app_writes_to_the_primary_the_sentinels_name(sentinel_app, cluster):
    sentinel_app.extensions["redis"].set("written-through-sentinel", "yes")
    assert cluster.client("primary").get("written-through-sentinel") == b"yes"


class Interrupted(Exception):
    pass


def test_after_a_read_is_interrupted_the_next_command_gets_its_own_answer(sentinel_app):
    # How the RQ worker's warm shutdown (SIGTERM) ends its BLPOP. redis-py's Sentinel connection used to stay
    # open then: the next command waited behind the BLPOP still blocking on the server (the worker never
    # stopped), and that BLPOP took the next item pushed to the list.
    client = sentinel_app.extensions["redis"]

    def interrupt(_signum, _frame):
        raise Interrupted

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(Interrupted):
            client.blpop(["an-empty-list"], timeout=0)  # blocks for ever
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    client.rpush("an-empty-list", "late")
    assert client.set("next", "own answer") is True
    assert client.get("next") == b"own answer"
    assert client.lrange("an-empty-list", 0, -1) == [b"late"]  # no BLPOP still waiting took it
