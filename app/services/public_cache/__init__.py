"""The public read cache: anonymous views of the campaign, nominee lists, nominee pages, the
leaderboard and the published results, kept in Redis as finished JSON answers shared by every web process.

What it decides: when a cached answer is still right. Each answer is stored with the version of its
campaign (`public:version:{campaign}`) and is served only while that version is unchanged, the local
day it was built on has not ended (stages switch by date at local midnight) and, for answers that
show likes, for LIKES_MAX_AGE_SECONDS (2 s) after it was built: like counts are read live from Redis
when an answer is built, so a list or the leaderboard shows counts at most 2 s old; a nominee's page
reads its own count live at every request (nothing else on it moves with likes).

- store.py: `bump(campaign_id)` — the one call that makes every cached answer of a campaign stale;
  `fetch(key, build)` — the answer, rebuilt by one request under a Redis lock when stale (others get
  the previous answer or wait briefly for the new one: no stampede); `Reader` — the one-round-trip
  lookup the WSGI layer in front of Flask uses (app/api/public_reads.py); `entry_key`.
- changes.py: session hooks that call `bump` after every commit a reader could see: a stage switch
  by hand or a campaign setting, a public nomination's status, profile, story or photos, a hold, a
  void of likes.

Only public views enter it: the answers are built by the same public-view functions anonymous
callers get (services/nominees/profiles.py), never from a caller's own data.
"""
from app.services.public_cache import changes  # noqa: F401 - registers the session hooks
from app.services.public_cache.store import (LIKES_MAX_AGE_SECONDS, LIVE_MARKER, Answer, Built, Reader, bump, entry_key,
                                             fetch)

__all__ = ["LIKES_MAX_AGE_SECONDS", "LIVE_MARKER", "Answer", "Built", "Reader", "bump", "entry_key", "fetch"]
