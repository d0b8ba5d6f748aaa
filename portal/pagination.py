"""The page number of a paged list, read from the query string the same way everywhere."""

from __future__ import annotations

from typing import Protocol

from flask import has_request_context, request, url_for

MAX_PAGE_DIGITS = 6


class PagedList(Protocol):
    """A page of a list: its number from 1 and how many pages there are."""

    @property
    def number(self) -> int: ...

    @property
    def count(self) -> int: ...


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


def pagination(page: PagedList, endpoint: str, **args) -> dict | None:
    """Parameters for govukPagination, or None when everything fits on one page."""
    if page.count <= 1:
        return None
    params: dict = {
        "items": [
            {
                "number": number,
                "href": url_for(endpoint, page=number, **args),
                "current": number == page.number,
            }
            for number in range(1, page.count + 1)
            if number in (1, page.count) or abs(number - page.number) <= 2
        ],
        "landmarkLabel": "Pages",
    }
    items, previous = [], 0
    for item in params["items"]:
        if item["number"] - previous > 1:
            items.append({"ellipsis": True})
        items.append(item)
        previous = item["number"]
    params["items"] = items
    if page.number > 1:
        params["previous"] = {"href": url_for(endpoint, page=page.number - 1, **args)}
    if page.number < page.count:
        params["next"] = {"href": url_for(endpoint, page=page.number + 1, **args)}
    return params
