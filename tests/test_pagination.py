"""Every paged list reads ``?page=`` the same way: nonsense shows the first page, never an error."""

from __future__ import annotations

import re

import pytest

from tests.support.data import create_assembly, create_user
from tests.support.http import sign_in

PAGED = {
    "organiser": ("/tracker/", "/notifications", "/admin/sent-email", "/moderation/log"),
    "member": ("/bulletins", "/notifications"),
}


def main_content(response) -> str:
    """The page's <main>, without the per-request CSRF token."""
    main = re.search(r"<main.*</main>", response.get_data(as_text=True), re.S).group(0)
    return re.sub(r'name="csrf_token"[^>]*', "", main)


NONSENSE = ("0", "-2", "two", "1.5", "99999999999999999999", "%00")


@pytest.mark.parametrize("role", sorted(PAGED))
def test_nonsense_page_numbers_show_the_first_page(client, app_context, role):
    assembly = create_assembly()
    person = create_user(role=role, assemblies=[assembly] if role == "member" else [])
    sign_in(client, person)
    for path in PAGED[role]:
        first = client.get(path)
        assert first.status_code == 200, path
        for value in NONSENSE:
            response = client.get(f"{path}?page={value}")
            assert response.status_code == 200, (path, value)
            assert main_content(response) == main_content(first), (path, value)
