"""How a long spreadsheet job reports progress: a callback told how many rows were just done.

The CLI passes a progress bar's ``update``; the web pages pass nothing.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int], None]


def no_progress(_: int) -> None:
    return None
