"""What a person typed into a cell: whole numbers and text, and quoting it back in a message.

Spreadsheet programs change what they save (line endings, spaces, ``60`` written as ``60%``), so
the upload checks read typed values with these rules rather than comparing text exactly.
"""

from __future__ import annotations

import re

_WHOLE_NUMBER = re.compile(r"\d{1,9}")
_PERCENTAGE = re.compile(r"(\d{1,9})\s*%")


def whole_number(text: str, *, allow_percent: bool = False) -> int | None:
    """``7`` is 7; with ``allow_percent``, ``60%`` is 60. Anything else is None."""
    text = (text or "").strip()
    match = _WHOLE_NUMBER.fullmatch(text) or (allow_percent and _PERCENTAGE.fullmatch(text))
    return int(match.group(1) if match.groups() else match.group(0)) if match else None


def same_text(typed: str, stored: str | None) -> bool:
    """Equal apart from line endings and surrounding space, which spreadsheets change."""

    def normal(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n").strip()

    return normal(typed) == normal(stored or "")


def quote(value: str, limit: int = 60) -> str:
    """A typed value shown inside a message: on one line and not too long."""
    flat = " ".join(str(value).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
