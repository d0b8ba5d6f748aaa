"""Organisations: finding and listing them."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Organisation


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name))))


def organisation_by_reference(reference: str) -> Organisation | None:
    """An organisation by its id (as the invitation form sends it) or its exact name."""
    reference = reference.strip()
    if not reference:
        return None
    if reference.isdigit() and len(reference) < 10:
        return db.session.get(Organisation, int(reference))
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == reference.lower())
    )
