"""What every browser test checks on the pages it visits: axe-core, no sideways scrolling."""

from __future__ import annotations

import struct

from portal import PROJECT_ROOT

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


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


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found problems on {page.url}: {violations}"


def open_page(browser, base_url: str, *, javascript: bool = True):
    """A page in a fresh browser context (its own cookies), with JavaScript on or off."""
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.javascript = javascript
    return page


def javascript_enabled(page) -> bool:
    """Set by fixtures that open pages with JavaScript off (``page.javascript = False``)."""
    return getattr(page, "javascript", True)


def page_width(page) -> int:
    """The rendered document's width, read from a full-page screenshot (works without JavaScript)."""
    png = page.screenshot(full_page=True)
    return struct.unpack(">I", png[16:20])[0]


def assert_fits_narrow_screen(page, width: int = 320) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    rendered = page_width(page)
    assert rendered <= width, f"{page.url} scrolls sideways at {width}px ({rendered}px wide)"


def check_page(page) -> None:
    """axe-core with 0 violations, then no horizontal scrolling at 320px.

    axe-core needs JavaScript, so pages opened with it off get the width check only; the same
    pages are checked with axe in the JavaScript run of each journey.
    """
    if javascript_enabled(page):
        assert_accessible(page)
    original = page.viewport_size
    assert_fits_narrow_screen(page)
    if original:
        page.set_viewport_size(original)


def sign_in_in_browser(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
