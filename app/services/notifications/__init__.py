"""Telling people what happened: an outbox written in the caller's transaction, delivered by the worker.

- outbox.py: notify() (the entry point for every service), delivery with retries, the in-app inbox.
"""
