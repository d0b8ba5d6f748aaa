"""Helpers the scrutiny views share: finding the thing a URL names, and showing a service's problems."""

from __future__ import annotations

from flask import abort, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from portal import permissions
from portal.extensions import db
from portal.models import Assembly, Recommendation
from portal.problems import Problems


def _show_problems(form, problems: Problems) -> None:
    problems.show_on(form)


def _recommendation(slug: str, number: int) -> Recommendation:
    """The recommendation, for someone taking part in its assembly (404 private, 403 others)."""
    recommendation = db.session.scalar(
        select(Recommendation)
        .join(Recommendation.assembly)
        .options(contains_eager(Recommendation.assembly))
        .where(Assembly.slug == slug, Recommendation.number == number)
    )
    if recommendation is None:
        abort(404)
    permissions.assembly_for_participant(recommendation.assembly, current_user)
    return recommendation


SUSPENDED_TITLES = {
    "comment": _l("You cannot post comments at the moment"),
    "question": _l("You cannot ask questions at the moment"),
    "report": _l("You cannot report comments at the moment"),
}


def _suspended_page(recommendation, status: int = 403, what: str = "comment"):
    """What a suspended member sees instead of a posting form (403 when they POST anyway)."""
    return (
        render_template(
            "scrutiny/suspended.html",
            title=str(SUSPENDED_TITLES[what]),
            recommendation=recommendation,
        ),
        status,
    )
