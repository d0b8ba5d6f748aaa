"""/assets serves the built files the pages use, never their sources (issue 18): the SCSS source
was served at /assets/src/portal.scss."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal import PROJECT_ROOT


def test_the_built_stylesheet_and_scripts_are_served(client):
    for path in ("/assets/portal.css", "/assets/portal.js", "/assets/govuk/govuk-frontend.min.js"):
        assert client.get(path).status_code == 200, path


def test_the_scss_source_is_not_served_and_not_in_the_static_folder(client):
    assert client.get("/assets/src/portal.scss").status_code == 404
    assert not (PROJECT_ROOT / "static" / "src").exists()
    assert (PROJECT_ROOT / "frontend" / "portal.scss").is_file()


@pytest.mark.parametrize(
    "name", ["stray.scss", "portal.css.map", ".built", "govuk/.hidden", "src/portal.scss"]
)
def test_sources_and_dotfiles_left_in_the_static_folder_are_not_served(client, name):
    path = Path(client.application.static_folder) / name
    created_folder = not path.parent.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists()
    if not existed:
        path.write_text("$secret: 1;")
    try:
        response = client.get(f"/assets/{name}")
        assert response.status_code == 404
        assert b"$secret" not in response.data
    finally:
        if not existed:
            path.unlink()
        if created_folder:
            path.parent.rmdir()
