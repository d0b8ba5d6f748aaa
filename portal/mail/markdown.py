"""Organisers write bulletins in Markdown: rendered by markdown-it, then sanitised by nh3."""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_HEADING = re.compile(r"<(/?)h([1-6])>")


def render_markdown(text: str, heading_level: int = 2) -> str:
    """Safe HTML for ``text``. Headings start at ``heading_level`` and never skip a level,
    so the bulletin's headings fit under the page's own."""
    html = _renderer.render(text or "")
    html = _nest_headings(html, heading_level)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_absolute_links,
    )


def _absolute_links(element: str, attribute: str, value: str) -> str:
    """A protocol-relative link (``//host/…``) takes the scheme of wherever it is read: in an
    email that is no scheme at all, and in a page it hides which host a link goes to. Make it
    ``https://host/…``; every other link is left as nh3 allowed it."""
    if element == "a" and attribute == "href" and value.startswith("//"):
        return "https://" + value.lstrip("/")
    return value


def _nest_headings(html: str, base: int) -> str:
    opened: list[int] = []
    previous = base - 1

    def replace(match: re.Match) -> str:
        nonlocal previous
        closing, level = match.group(1), int(match.group(2))
        if closing:
            return f"</h{opened.pop() if opened else base}>"
        shifted = min(base + level - 1, previous + 1, 6)
        previous = max(shifted, base)
        opened.append(previous)
        return f"<h{previous}>"

    return _HEADING.sub(replace, html)
