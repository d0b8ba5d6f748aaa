"""The page number of a paged list, read from the query string the same way everywhere."""

from __future__ import annotations

from flask import has_request_context, request

MAX_PAGE_DIGITS = 6


def page_number() -> int:
    """``?page=N`` as a number from 1; anything else (missing, 0, negative, text, huge) is 1.

    Pages past the end are the caller's to clamp, since only it knows how many there are.
    Outside a request (a panel rendered for an email, say) it is 1.
    """
    if not has_request_context():
        return 1
    value = request.args.get("page", "1")
    if not value.isdigit() or len(value) > MAX_PAGE_DIGITS:
        return 1
    return max(1, int(value))
