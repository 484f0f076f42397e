"""Public likes (点赞) during promotion, guarded against vote-brushing (刷票).

A like is decided in one Redis round trip (like.lua); the worker moves it into the database ledger.
- liking.py: like a nominee, what a user has left today, the leaderboard (entry point of the like path);
- state.py: what the script reads, mirrored from the database into Redis on every commit that changes it;
- counts.py: counts read from Redis; ranking.py: the like ranking (ties share a place: 1, 1, 3 …);
- stream.py: the worker drains the stream into the ledger (ledger.py) and runs the fraud rules (fraud.py);
- review.py: organizers review flags and release holds; voids.py: organizers void brushed likes;
- repair.py: Redis checked against the ledger, and rebuilt from it after a loss.
"""
