"""The Redis cluster a replication test owns."""
import pytest

from tests.replication.cluster import Cluster


@pytest.fixture
def cluster(tmp_path):
    """A primary, a replica and three Sentinels of this test's own, all killed when it ends (even failed)."""
    owned = Cluster(tmp_path)
    try:
        owned.start()
        yield owned
    finally:
        owned.stop()
