import re

import pytest

from portal.scrutiny.rendering import render_markdown
from tests.scrutiny.xss import ALLOWED_TAGS, XSS_CORPUS


def test_paragraphs_bold_italics_lists_and_links_are_rendered():
    html = str(
        render_markdown(
            "First **bold** and *italic*.\n\nSecond paragraph\n\n- one\n- two\n\n"
            "1. first\n2. second\n\n[the report](https://example.org/report)"
        )
    )
    assert "<strong>bold</strong>" in html
    assert "<em>italic</em>" in html
    assert html.count("<p>") == 3
    assert "<ul>\n<li>one</li>" in html
    assert "<ol>\n<li>first</li>" in html
    assert '<a href="https://example.org/report" rel="nofollow ugc noopener">the report</a>' in html


def test_a_single_line_break_is_kept_as_a_line_break():
    assert "<br>" in str(render_markdown("line one\nline two"))


def test_links_always_get_nofollow_ugc_noopener():
    for text in (
        "<https://example.org>",
        "[x](http://example.org)",
        "[mail](mailto:a@example.org)",
    ):
        assert 'rel="nofollow ugc noopener"' in str(render_markdown(text))


def test_headings_images_code_and_quotes_stay_as_plain_text():
    html = str(
        render_markdown("# Heading\n\n> quote\n\n`code`\n\n![alt](https://example.org/a.png)")
    )
    for tag in ("<h1", "<blockquote", "<code", "<img"):
        assert tag not in html
    assert "# Heading" in html


def test_only_http_https_and_mailto_links_are_made_into_links():
    for text in (
        "[x](javascript:alert(1))",
        "[x](data:text/html,hi)",
        "[x](/relative/path)",
        "[x](ftp://example.org)",
        "<javascript:alert(1)>",
        "[x](vbscript:msgbox(1))",
    ):
        assert "<a" not in str(render_markdown(text)), text


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_hostile_input_comes_out_with_only_the_allowed_tags_and_no_scripts(payload):
    html = str(render_markdown(payload))
    tags = set(re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= ALLOWED_TAGS, html
    for _tag, attributes in re.findall(r"<([a-z]+)([^>]*)>", html):
        names = set(re.findall(r'\s([a-z-]+)="', attributes))
        assert names <= {"href", "rel", "start"}, html
        for href in re.findall(r'href="([^"]*)"', attributes):
            assert href.startswith(("http://", "https://", "mailto:")), html
