"""A registry of declarative handlers, keyed by message type, event and command.

A handler takes an `Incoming` and returns a plain value: a string (a text reply), a list of cards
(a news reply: dicts with title, description, image, url) or None (nothing to say). It knows
nothing of Flask or XML; the pipeline renders what it returns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Union

Reply = Union[str, list, None]
Handler = Callable[["Incoming"], Reply]
SPACES = re.compile(r"\s+")
# Full-width letters and digits, the ideographic space and the full-width question mark, to ASCII. Chinese
# punctuation (，。！) stays as it is: it belongs to what people write, e.g. a recommendation's reason.
FULL_WIDTH = {**{code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                                  *range(0xFF41, 0xFF5B))},
              0x3000: " ", 0xFF1F: "?"}


@dataclass(frozen=True)
class Incoming:
    """One message or event from a follower, as the handlers see it."""
    openid: str
    msg_type: str  # text, image, voice, event …
    event: str | None = None  # subscribe, unsubscribe, click, view, scan, subscribe_scan …
    text: str = ""  # a text message's content, normalised
    key: str | None = None  # a CLICK key, a VIEW url, a QR scene
    msg_id: str | None = None
    args: str = ""  # what follows the command word


def normalise(text: str) -> str:
    """Full-width letters, digits and spaces to their ASCII forms, spaces collapsed, trimmed."""
    return SPACES.sub(" ", (text or "").translate(FULL_WIDTH)).strip()


@dataclass
class Registry:
    commands: dict[str, Handler] = field(default_factory=dict)  # every name and synonym → handler
    events: dict[str, Handler] = field(default_factory=dict)
    messages: dict[str, Handler] = field(default_factory=dict)
    fallback: Handler | None = None
    help_lines: list[tuple[str, str]] = field(default_factory=list)  # (usage, what it does)

    def command(self, *names: str, usage: str | None = None, summary: str | None = None):
        def register(handler: Handler) -> Handler:
            for name in names:
                self.commands[normalise(name).lower()] = handler
            if summary:
                self.help_lines.append((usage or names[0], summary))
            return handler
        return register

    def event(self, *names: str):
        def register(handler: Handler) -> Handler:
            for name in names:
                self.events[name] = handler
            return handler
        return register

    def message(self, *types: str):
        def register(handler: Handler) -> Handler:
            for name in types:
                self.messages[name] = handler
            return handler
        return register

    def otherwise(self, handler: Handler) -> Handler:
        self.fallback = handler
        return handler

    def match_command(self, text: str) -> tuple[Handler, str] | None:
        """The command a text starts with (the longest name wins: "排行榜" before "排行") and its arguments."""
        lowered = normalise(text).lower()
        for name in sorted(self.commands, key=len, reverse=True):
            if lowered == name or lowered.startswith(name):
                rest = normalise(text)[len(name):].strip()
                return self.commands[name], rest
        return None

    def resolve(self, incoming: Incoming) -> tuple[Handler | None, Incoming]:
        if incoming.msg_type == "event":
            return self.events.get(incoming.event or ""), incoming
        if incoming.msg_type == "text":
            matched = self.match_command(incoming.text)
            if matched:
                handler, args = matched
                return handler, Incoming(**{**incoming.__dict__, "args": args})
        return self.messages.get(incoming.msg_type) or self.fallback, incoming

    def run_command(self, name: str, incoming: Incoming) -> Reply:
        """A CLICK key or a scene leading to a command: run it as if the follower had typed it."""
        matched = self.match_command(name)
        if matched is None:
            return self.fallback(incoming) if self.fallback else None
        handler, args = matched
        return handler(Incoming(**{**incoming.__dict__, "text": normalise(name), "args": args}))


registry = Registry()
