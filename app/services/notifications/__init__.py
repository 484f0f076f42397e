"""Telling people what happened: an outbox written in the caller's transaction, delivered by the worker.

- outbox.py: EVENTS and notify() (the entry point for every service): inbox always, WeChat channels by
  the registry, the user's preferences and openid;
- delivery.py: the worker's loop (claims, retries with backoff, states pending/sending/delivered/skipped/failed);
- channels.py: the channel handlers and DeliveryError; subscribe.py: mini-program subscribe messages;
- wechat_answers.py: what WeChat's error codes mean (final, skipped, later, token refresh, retry);
- registry.py and fields.py: templates per event and channel, WeChat's field types and safe truncation;
- grants.py: subscribe grants counted per user and template; preferences.py: kinds of notice per channel;
- inbox.py: the in-app inbox; openings.py: "stage opened" announced once per stage; status.py: what organizers see.
"""
