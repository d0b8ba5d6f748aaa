"""What every browser test checks on the pages it visits (axe-core at desktop width and at 320px,
no duplicate ids, no sideways scrolling at 320px), opening pages with JavaScript on or off, and
signing in through the browser."""

from __future__ import annotations

import struct

from portal import PROJECT_ROOT
from tests.support.data import PASSWORD

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
NARROW = 320


def open_page(browser, base_url: str, *, javascript: bool = True):
    """A page in a fresh browser context (its own cookies), with JavaScript on or off."""
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.javascript = javascript
    return page


def javascript_enabled(page) -> bool:
    """Pages from ``open_page(..., javascript=False)`` say so; pytest-playwright's have it on."""
    return getattr(page, "javascript", True)


def sign_in_in_browser(page, base_url: str, email: str, password: str = PASSWORD) -> None:
    """Sign in through the sign-in page, as that person, in a browser that forgot anyone before."""
    page.context.clear_cookies()
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def axe_violations(page) -> list[dict]:
    # Evaluated through the DevTools protocol, so the page's Content-Security-Policy stays on.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
        WCAG_TAGS,
    )


def duplicate_ids(page) -> list[str]:
    return page.evaluate(
        """() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
                   return ids.filter((id, i) => ids.indexOf(id) !== i); }"""
    )


def page_width(page) -> int:
    """The rendered document's width, read from a full-page screenshot (works without JavaScript)."""
    png = page.screenshot(full_page=True)
    return struct.unpack(">I", png[16:20])[0]


def width_at(page, width: int) -> int:
    """How wide the page renders in a window ``width`` pixels wide (the window is put back)."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    rendered = page_width(page)
    if original:
        page.set_viewport_size(original)
    return rendered


def page_problems(page) -> list[str]:
    """Everything wrong with the page now shown, in words: axe-core violations (WCAG 2.2 AA and
    best practice) at the window's own width and again in a window 320px wide, duplicate ids
    (axe and the id check need JavaScript, so pages opened with it off get neither; the same
    pages are checked in the JavaScript run of each journey), and sideways scrolling at 320px."""
    where = page.url
    problems = []
    if javascript_enabled(page):
        problems += [
            f"{where}: {v['id']} ({v['help']}) at {v['nodes']}" for v in axe_violations(page)
        ]
        if duplicates := duplicate_ids(page):
            problems.append(f"{where}: duplicate ids {duplicates}")
    original = page.viewport_size
    page.set_viewport_size({"width": NARROW, "height": 800})
    try:
        rendered = page_width(page)
        if rendered > NARROW:
            problems.append(f"{where}: scrolls sideways at {NARROW}px ({rendered}px wide)")
        if javascript_enabled(page):
            problems += [
                f"{where} at {NARROW}px: {v['id']} ({v['help']}) at {v['nodes']}"
                for v in axe_violations(page)
            ]
    finally:
        if original:
            page.set_viewport_size(original)
    return problems


def check_page(page) -> None:
    """The page now shown has no problems a person using it would meet (see ``page_problems``)."""
    problems = page_problems(page)
    assert problems == [], "\n".join(problems)


def tab_to(page, selector: str, limit: int = 250) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")
