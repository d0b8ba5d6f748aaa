"""Helpers the scrutiny views share: finding the thing a URL names, and showing a service's problems."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from portal import permissions
from portal.extensions import db
from portal.models import Assembly, Recommendation
from portal.problems import Problems


def _show_problems(form, problems: Problems) -> None:
    for name, message in problems.problems.items():
        field = getattr(form, name)
        field.errors = [*field.errors, message]


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
