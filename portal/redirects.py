"""Where a form may send someone afterwards: the one check for every ``next`` field and parameter."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

MAX_NEXT_LENGTH = 2000


def safe_next(target: object) -> str | None:
    """``target`` if it is a path on this site, else None (the caller picks its own page).

    Refused: other hosts and schemes, protocol-relative ``//host``, backslashes (which browsers
    read as slashes), and any whitespace or control character: browsers drop tabs and line breaks
    from a URL, so ``/\\t/evil.example`` becomes ``//evil.example``, and a line break in a
    Location header is a server error.
    """
    if not isinstance(target, str) or not target or len(target) > MAX_NEXT_LENGTH:
        return None
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return target
