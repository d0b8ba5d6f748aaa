"""Checks every email page gets in the browser: axe-core finds nothing, and 320px fits.

(A local copy until the shared ``tests/browser/support.py`` lands; same approach: axe-core is
evaluated through the DevTools protocol so the page's Content-Security-Policy stays on.)
"""

from __future__ import annotations

import struct

from portal import PROJECT_ROOT

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(
        "async () => (await axe.run()).violations.map(v => ({id: v.id, impact: v.impact,"
        " help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )


def rendered_width(page) -> int:
    """The page's width from a full-page screenshot: works with JavaScript off too."""
    png = page.screenshot(full_page=True)
    return struct.unpack(">I", png[16:20])[0]


def check_page(page, *, javascript: bool = True) -> None:
    if javascript:
        violations = axe_violations(page)
        assert violations == [], f"axe-core found problems on {page.url}: {violations}"
    original = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    width = rendered_width(page)
    assert width <= 320, f"{page.url} scrolls sideways at 320px ({width}px wide)"
    if javascript:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    if original:
        page.set_viewport_size(original)


def sign_in(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()
