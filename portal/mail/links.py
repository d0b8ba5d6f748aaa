"""Absolute links that emails point to."""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app

from portal.models import Recommendation


def _path(recommendation: Recommendation) -> str:
    slug = quote(recommendation.assembly.slug, safe="")
    return f"/assemblies/{slug}/recommendations/{recommendation.number}"


def recommendation_url(recommendation: Recommendation) -> str:
    """The recommendation's page, ``/assemblies/<slug>/recommendations/<number>``.

    Built from PUBLIC_BASE_URL and the path (the page belongs to the public pages), so every
    email links to the same place whichever capability renders the page.
    """
    return current_app.config["PUBLIC_BASE_URL"] + _path(recommendation)


def workspace_url(recommendation: Recommendation) -> str:
    """Where officers publish on it: the tracker's ``/tracker/assemblies/<slug>/recommendations/<n>``."""
    return current_app.config["PUBLIC_BASE_URL"] + "/tracker" + _path(recommendation)
