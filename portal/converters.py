"""Whole numbers from URLs and forms, range-checked so no id reaches the database out of range.

PostgreSQL's ``integer`` (every id and recommendation number) holds up to 2**31 - 1; SQLite's up
to 2**63 - 1. A larger number in a URL used to reach the query and fail there with a server error.
Here the ``int`` URL converter itself refuses it, so such a URL matches no route and answers 404,
and no route can forget the check. Forms use ``id_from_text`` and ``coerce_id`` for the same rule.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

# The largest value of PostgreSQL's ``integer`` column type, used for every id and number.
MAX_ID = 2**31 - 1


class DatabaseIntConverter(IntegerConverter):
    """``<int:...>`` that only matches ASCII digits from 0 to ``MAX_ID`` (or a smaller ``max``)."""

    regex = r"[0-9]{1,10}"

    def __init__(self, map, fixed_digits: int = 0, min: int | None = None, max: int | None = None):
        super().__init__(
            map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max
        )
        if self.max is not None and self.max > MAX_ID:
            raise ValueError(f"an int URL argument cannot go above {MAX_ID}")


def id_from_text(text: object) -> int | None:
    """The whole number in ``text`` if it is one an id can be (0 to ``MAX_ID``), else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if 0 <= text <= MAX_ID else None
    value = str(text or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def coerce_id(value: object) -> int:
    """WTForms ``coerce`` for choices that are ids: a ValueError (a field error) when out of range."""
    number = id_from_text(value)
    if number is None:
        raise ValueError("Not a valid choice")
    return number


def init_app(app: Flask) -> None:
    """Replace Flask's ``int`` URL converter (call before any blueprint is registered)."""
    app.url_map.converters["int"] = DatabaseIntConverter
    app.url_map.converters["dbint"] = DatabaseIntConverter
