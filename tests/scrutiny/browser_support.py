"""Helpers for scrutiny's browser tests (until the shared tests/browser/support.py exists)."""

from __future__ import annotations

from pathlib import Path

from tests.factories import PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def sign_in_in_browser(page, base_url: str, user) -> None:
    page.context.clear_cookies()
    page.goto(base_url + "/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run()).violations.map(v => ({
            id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))
        }))"""
    )


def fits_320(page) -> bool:
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(size)
    return width <= 320


def check_page(page, problems: list[str]) -> None:
    """Record axe violations and overflow at 320px for the page now shown."""
    where = page.url
    for violation in axe_violations(page):
        problems.append(f"{where}: {violation['id']} ({violation['help']}) at {violation['nodes']}")
    duplicates = page.evaluate(
        """() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
                   return ids.filter((id, i) => ids.indexOf(id) !== i); }"""
    )
    if duplicates:
        problems.append(f"{where}: duplicate ids {duplicates}")
    if not fits_320(page):
        problems.append(f"{where}: wider than 320px")
