"""How large a number from a request may be before it reaches the database, for every adapter.

Ids are INTEGER columns: 32-bit on PostgreSQL, so a larger number names no row; sent to the database it
fails there (SQLite cannot bind past 2^63−1, PostgreSQL refuses such a value in a column, an OFFSET or a
LIMIT) and the caller would get a 500. Adapters refuse such numbers before any query: no route matches
(404), or the field is invalid (400).
"""
from __future__ import annotations

from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter, ValidationError

MAX_ID = 2**31 - 1
# No list has this many pages; (page − 1) × per_page stays far inside what an OFFSET takes.
MAX_PAGE = 100_000


class BoundedIntConverter(IntegerConverter):
    """`<int:…>` everywhere: a number past MAX_ID matches no route, so it answers 404 like a missing row."""

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002 - werkzeug's names
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, MAX_ID if max is None or max > MAX_ID else max, signed)

    def to_python(self, value: str) -> int:
        try:
            return super().to_python(value)
        except ValidationError:
            # Werkzeug would answer 405 when the same path has a rule for another method (GET beside
            # PATCH): the path names no row, whatever the method, so say so.
            raise NotFound() from None


def id_or_none(raw: str | None) -> int | None:
    """A form or query value naming a row: ASCII digits within MAX_ID, else None ("²".isdigit() is True)."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 10:
        return None
    value = int(raw)
    return value if value <= MAX_ID else None
