"""The channels behind the outbox: a handler per channel, and how a handler says it could not deliver.

A handler takes one claimed Notification and returns when the message went out; otherwise it raises
DeliveryError: `retry` (try again later with backoff), `later` (a quota: try again much later),
`skipped` (not sent on purpose, e.g. no grant: `message` is the reason shown to organizers) and `code`
(WeChat's errcode or our reason key). Other channels register with `register()` (the bot's official-
account channels "mp_template" and "mp_custom" do).

A channel may also be delivered a batch at a time (`register_batch`, the "subscribe" channel does): its
`prepare(notifications)` runs in the transaction that claims the batch (it may write there, e.g. take
grants) and answers per row a DeliveryError (decided now) or an Outgoing: `send()`, the call to WeChat
made after that commit, outside any transaction and without the database (several at once, in threads),
and `settle(notification, error)`, run in the one transaction that records the batch's outcomes (error
None: sent).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from app.models import Notification


class DeliveryError(Exception):
    """A channel could not deliver now; `retry` says whether trying again can help."""

    def __init__(self, message: str, retry: bool = True, code: int | str | None = None, skipped: bool = False,
                 later: bool = False):
        super().__init__(message)
        self.retry = retry and not skipped
        self.code = None if code is None else str(code)
        self.skipped = skipped
        self.later = later


Handler = Callable[[Notification], None]


def _deliver_inbox(_notification: Notification) -> None:
    # The inbox is our own table: delivery makes the row visible to its owner.
    return None


CHANNEL_HANDLERS: dict[str, Handler] = {"inbox": _deliver_inbox}


@dataclass(frozen=True)
class Outgoing:
    """One prepared message of a batch channel: the call to make, and how to record its outcome."""

    send: Callable[[], object]
    settle: Callable[[Notification, "DeliveryError | None"], None]


Preparer = Callable[[list[Notification]], "dict[int, Outgoing | DeliveryError]"]
BATCH_CHANNELS: dict[str, Preparer] = {}


def register(channel: str, handler: Handler) -> None:
    CHANNEL_HANDLERS[channel] = handler


def register_batch(channel: str, prepare: Preparer, handler: Handler) -> None:
    """A channel delivered a batch at a time; `handler` (one row, with its own commits) stays for callers of one."""
    BATCH_CHANNELS[channel] = prepare
    CHANNEL_HANDLERS[channel] = handler
