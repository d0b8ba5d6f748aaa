"""Absolute links that emails point to, on pages other capabilities serve.

Built with :func:`portal.templating.absolute_url` when the page's endpoint is registered, and
from PUBLIC_BASE_URL and the documented path otherwise (so the link is right whichever branches
are merged, and in tests of this package alone).
"""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app

from portal.models import Recommendation
from portal.templating import absolute_url


def _link(endpoint: str, path: str, recommendation: Recommendation) -> str:
    slug = recommendation.assembly.slug
    if endpoint in current_app.view_functions:
        return absolute_url(endpoint, slug=slug, number=recommendation.number)
    return (
        f"{current_app.config['PUBLIC_BASE_URL']}{path}/assemblies/{quote(slug, safe='')}"
        f"/recommendations/{recommendation.number}"
    )


def recommendation_url(recommendation: Recommendation) -> str:
    """The recommendation's page for everyone: ``/assemblies/<slug>/recommendations/<number>``."""
    return _link("public.recommendation", "", recommendation)


def workspace_url(recommendation: Recommendation) -> str:
    """Where officers publish on it: ``/tracker/assemblies/<slug>/recommendations/<number>``."""
    return _link("tracker.workspace", "/tracker", recommendation)
