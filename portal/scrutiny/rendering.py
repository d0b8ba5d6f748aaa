"""Members' Markdown: paragraphs, bold, italics, lists and links, and nothing else.

markdown-it-py with the "zero" preset turns on only those rules (raw HTML stays text), then nh3
sanitises the HTML it produced, so a gap in either one alone cannot let markup through. Links
may only be absolute http, https or mailto addresses (anything else stays as typed text) and
always get ``rel="nofollow ugc noopener"``.
"""

from __future__ import annotations

import html
import re
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


_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.S)
_BREAKS = re.compile(r"</p>|</h[1-6]>|</blockquote>")
_BLANK_LINES = re.compile(r"\n{3,}")
_TEXT_ONLY = nh3.Cleaner(tags=set(), attributes={}, strip_comments=True)


def _link_as_text(match: re.Match) -> str:
    href, words = html.unescape(match.group(1)), match.group(2)
    return words if html.unescape(words).strip() == href else f"{words} ({href})"


def html_to_text(rendered: str) -> str:
    """Sanitised HTML as the plain text a reader sees: paragraphs kept apart, list items
    dashed, links written out after their words, entities decoded."""
    rendered = _LINK.sub(_link_as_text, rendered)
    rendered = rendered.replace("<li>", "- ")
    rendered = _BREAKS.sub("\n", rendered)
    words = html.unescape(_TEXT_ONLY.clean(rendered))
    return _BLANK_LINES.sub("\n\n", words).strip()


def plain_text(text: str | None) -> str:
    """A member's Markdown as the plain text a reader of the page sees: no markup, raw HTML
    kept as the harmless text it is shown as, links written out after their words.

    Safe to put in a plain-text email as it is, and in HTML through autoescaping."""
    return html_to_text(_CLEANER.clean(_MARKDOWN.render(text or "")))


def shorten(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut to at most ``limit`` characters at a word break, with "…"; and whether it was
    cut (so the caller can add a link to the rest)."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit].rsplit(None, 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:") + "…", True
