"""Members' Markdown: paragraphs, bold, italics, lists and links, and nothing else.

markdown-it-py with the "zero" preset turns on only those rules (raw HTML stays text), then nh3
sanitises the HTML it produced, so a gap in either one alone cannot let markup through. Links
may only be absolute http, https or mailto addresses (anything else stays as typed text) and
always get ``rel="nofollow ugc noopener"``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def is_allowed_link(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() == "mailto":
        return bool(parts.path)
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def _keep_allowed_attributes(tag: str, attribute: str, value: str) -> str | None:
    """Drop everything but the allowed attributes (nh3 keeps ``title`` and ``lang`` by
    default) and any link that is not an absolute http, https or mailto address."""
    if attribute == "rel" and tag == "a":
        return value
    if attribute not in ALLOWED_ATTRIBUTES.get(tag, ()):
        return None
    if tag == "a" and attribute == "href" and not is_allowed_link(value):
        return None
    return value


_MARKDOWN = MarkdownIt("zero", {"breaks": True, "html": False}).enable(
    ["emphasis", "list", "link", "autolink", "newline", "escape", "entity"]
)
_MARKDOWN.validateLink = is_allowed_link

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_SCHEMES,
    link_rel=LINK_REL,
    strip_comments=True,
    attribute_filter=_keep_allowed_attributes,
    url_relative="deny",
)


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for a member's text."""
    return Markup(_CLEANER.clean(_MARKDOWN.render(text or "")))  # noqa: S704 - sanitised by nh3
