"""A small local helper for the tracker's browser tests (until tests/browser/support.py exists)."""

from __future__ import annotations

from portal import PROJECT_ROOT
from tests.factories import PASSWORD

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def sign_in_with_browser(page, user) -> None:
    page.goto("/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert "Signed in as" in page.content()


def axe_violations(page) -> list[dict]:
    """Every axe-core violation on the page, each as 'rule: the first offending node'."""
    # Evaluated through the DevTools protocol: the page's CSP (no inline scripts) stays on.
    page.evaluate(_axe_source())
    violations = page.evaluate("async () => (await axe.run()).violations")
    return [f"{v['id']}: {v['nodes'][0]['html']}" for v in violations]


def _axe_source() -> str:
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = AXE.read_text(encoding="utf-8")
    return _AXE_SOURCE


_AXE_SOURCE: str | None = None


def fits_320(page) -> bool:
    page.set_viewport_size({"width": 320, "height": 800})
    return page.evaluate("document.documentElement.scrollWidth") <= 320


def tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")
