"""The health of the moving parts behind the campaign: worker, notification outbox, like stream, broadcasts.

- workers.py: the worker's heartbeat in Redis, and which workers are alive;
- queues.py: the outbox (depth, oldest waiting, failures), the like stream (backlog, lag) and broadcasts sending;
- states.py: green / amber / red for each part, as the console dashboard shows them and /metrics exports them.

Everything here is read on demand (a dashboard view, a /metrics scrape), never on the like path.
"""
