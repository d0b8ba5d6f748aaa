"""A page as a person reads it, for tests that check what a page says rather than its markup."""

from __future__ import annotations

import html
import re

_HIDDEN = re.compile(r"<(script|style|svg)\b.*?</\1>", flags=re.S | re.I)
_INLINE_TAG = re.compile(r"\s*</?(a|abbr|b|code|em|i|span|strong|time)\b[^>]*>\s*", flags=re.I)
_TAG = re.compile(r"<[^>]+>")


def text_of(page) -> str:
    """The words of ``page`` (a response or its HTML): tags removed, entities decoded, spaces
    collapsed. Block tags separate words; inline tags join them as the page shows them."""
    markup = page if isinstance(page, str) else page.get_data(as_text=True)
    markup = _HIDDEN.sub(" ", markup)
    markup = _INLINE_TAG.sub(_inline_tag, markup)
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def _inline_tag(match: re.Match) -> str:
    """Inline tags join text; the spaces around them are kept only where the page has them."""
    text = match.group(0)
    before = text[: len(text) - len(text.lstrip())]
    after = text[len(text.rstrip()) :]
    return " " if before or after else ""


def section(page, start: str, end: str | None = None) -> str:
    """The words between two phrases, to check what one part of a page says."""
    text = text_of(page)
    begin = text.index(start)
    finish = text.index(end, begin) if end else len(text)
    return text[begin:finish]
