"""Addresses of pages other capabilities own, which scrutiny links to and returns people to.

The recommendation page (``/assemblies/<slug>/recommendations/<number>``) and the assembly page
(``/assemblies/<slug>``) are the public package's; their addresses are part of the contract,
so they are built here from the request's script root rather than from an endpoint name.
"""

from __future__ import annotations

from urllib.parse import quote

from flask import has_request_context, request


def _root() -> str:
    return request.script_root if has_request_context() else ""


def assembly_path(slug: str) -> str:
    return f"{_root()}/assemblies/{quote(slug)}"


def recommendation_path(slug: str, number: int, anchor: str = "") -> str:
    path = f"{assembly_path(slug)}/recommendations/{int(number)}"
    return f"{path}#{anchor}" if anchor else path


def recommendation_url(recommendation, anchor: str = "") -> str:
    return recommendation_path(recommendation.assembly.slug, recommendation.number, anchor)
