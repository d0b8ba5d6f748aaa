"""Addresses of the pages other code links to: one helper per linked thing, built from the
endpoint with ``url_for``.

``external=True`` gives an absolute link for emails and feeds, built from PUBLIC_BASE_URL the
same way in web requests, CLI commands and the mail worker (see
:func:`portal.templating.absolute_url`).
"""

from __future__ import annotations

from urllib.parse import quote

from flask import current_app, has_request_context, url_for

from portal.models import Assembly, Recommendation
from portal.templating import absolute_url


def _url(endpoint: str, anchor: str | None, external: bool, **values) -> str:
    if external:
        path = absolute_url(endpoint, **values)
    elif has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return f"{path}#{quote(anchor)}" if anchor else path


def assembly_url(assembly: Assembly | str, *, external: bool = False) -> str:
    """The assembly's public page, ``/assemblies/<slug>`` (give the assembly or its slug)."""
    slug = assembly if isinstance(assembly, str) else assembly.slug
    return _url("public.assembly", None, external, slug=slug)


def recommendation_url(
    recommendation: Recommendation | None = None,
    anchor: str | None = None,
    *,
    external: bool = False,
    slug: str | None = None,
    number: int | None = None,
    page: int = 1,
) -> str:
    """The recommendation's page for everyone, ``/assemblies/<slug>/recommendations/<number>``.

    Give the recommendation, or its assembly's ``slug`` and its ``number`` when only those are
    loaded; ``anchor`` is a part of the page, such as ``comment-12``; ``page`` the page of the
    discussion it is on (``?page=2``), when not the first.
    """
    if recommendation is not None:
        slug, number = recommendation.assembly.slug, recommendation.number
    values: dict = {"slug": slug, "number": number}
    if page > 1:
        values["page"] = page
    return _url("public.recommendation", anchor, external, **values)


def workspace_url(
    recommendation: Recommendation, anchor: str | None = None, *, external: bool = False
) -> str:
    """Where officers publish on it: ``/tracker/assemblies/<slug>/recommendations/<number>``."""
    return _url(
        "tracker.workspace",
        anchor,
        external,
        slug=recommendation.assembly.slug,
        number=recommendation.number,
    )


def question_url(question_id: int, *, external: bool = False) -> str:
    """Where a question is read and answered: ``/questions/<id>``."""
    return _url("scrutiny.show_question", None, external, question_id=question_id)


def bulletin_url(bulletin_id: int, *, external: bool = False) -> str:
    """A sent bulletin as its readers see it: ``/bulletins/<id>``."""
    return _url("mail.read_bulletin", None, external, bulletin_id=bulletin_id)


def report_url(
    report=None,
    *,
    external: bool = False,
    slug: str | None = None,
    number: int | None = None,
    download: str | None = None,
) -> str:
    """A published report's page, ``/assemblies/<slug>/reports/<number>``, or with ``download``
    (``csv``, ``json`` or ``docx``) that report as a file."""
    if report is not None:
        slug, number = report.assembly.slug, report.number
    endpoint = f"reports.report_{download}" if download else "reports.report"
    return _url(endpoint, None, external, slug=slug, number=number)


def statement_url(report, *, external: bool = False) -> str:
    """The members' statement on a published report, ``/assemblies/<slug>/reports/<n>/statement``."""
    return _url(
        "statements.statement", None, external, slug=report.assembly.slug, number=report.number
    )
