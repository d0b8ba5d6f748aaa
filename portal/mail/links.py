"""Absolute links that emails point to."""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app

from portal.models import Recommendation


def recommendation_url(recommendation: Recommendation) -> str:
    """The recommendation's page, ``/assemblies/<slug>/recommendations/<number>``.

    Built from PUBLIC_BASE_URL and the path (the page belongs to the public pages), so every
    email links to the same place whichever capability renders the page.
    """
    slug = quote(recommendation.assembly.slug, safe="")
    return (
        f"{current_app.config['PUBLIC_BASE_URL']}/assemblies/{slug}"
        f"/recommendations/{recommendation.number}"
    )
