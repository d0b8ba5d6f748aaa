"""In-process events, so one capability can react to another without importing its views.

Listeners run synchronously inside the emitter's transaction: whatever they add (notifications,
queued emails) is committed, or rolled back, together with the event itself.

Events and their keyword arguments:
- ``entry_published``: ``entry`` (a published ResponseEntry)
- ``comment_posted``: ``comment``
- ``question_answered``: ``question``
- ``comment_hidden``: ``comment``
- ``bulletin_sent``: ``bulletin``
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_listeners: dict[str, list[Callable]] = defaultdict(list)


def listen(event: str) -> Callable[[Callable], Callable]:
    def register(function: Callable) -> Callable:
        if function not in _listeners[event]:
            _listeners[event].append(function)
        return function

    return register


def emit(event: str, **payload) -> None:
    for listener in list(_listeners[event]):
        listener(**payload)
