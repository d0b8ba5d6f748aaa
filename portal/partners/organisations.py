"""Organisations: finding, listing, adding and changing them, with their logos."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.extensions import db
from portal.forms import has_line_break
from portal.models import Organisation, OrganisationKind
from portal.tracker.services import is_web_address

MAX_NAME = 200
MAX_WEBSITE = 500
MAX_DESCRIPTION = 600


@dataclass
class OrganisationInput:
    name: str
    kind: str
    website: str
    description: str


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(func.lower(Organisation.name))))


def organisation_by_reference(reference: str) -> Organisation | None:
    """An organisation by its id (as the invitation form sends it) or its exact name."""
    reference = reference.strip()
    if not reference:
        return None
    if reference.isdigit() and len(reference) < 10:
        return db.session.get(Organisation, int(reference))
    return named(reference)


def named(name: str) -> Organisation | None:
    """The organisation of this name, ignoring case and surrounding spaces."""
    return db.session.scalar(
        select(Organisation).where(func.lower(Organisation.name) == name.strip().lower())
    )


def problems_with(data: OrganisationInput, organisation: Organisation | None = None) -> dict:
    """Plain-English problems with ``data``, by form field name."""
    problems: dict[str, str] = {}
    name = data.name.strip()
    if not name:
        problems["name"] = _("Enter the name of the organisation")
    elif len(name) > MAX_NAME or has_line_break(name):
        problems["name"] = _(
            "The name must be one line of %(limit)d characters or fewer", limit=MAX_NAME
        )
    else:
        same = named(name)
        if same is not None and same is not organisation:
            problems["name"] = _("An organisation with this name is already listed")
    if data.kind not in {kind.value for kind in OrganisationKind}:
        problems["kind"] = _("Choose what kind of organisation it is")
    website = data.website.strip()
    if website and (len(website) > MAX_WEBSITE or not is_web_address(website)):
        problems["website"] = _(
            "Enter a web address starting with http:// or https://, of %(limit)d characters "
            "or fewer",
            limit=MAX_WEBSITE,
        )
    if len(data.description.strip()) > MAX_DESCRIPTION:
        problems["description"] = _(
            "The description must be %(limit)d characters or fewer", limit=MAX_DESCRIPTION
        )
    return problems


def apply(organisation: Organisation, data: OrganisationInput) -> Organisation:
    """Copy checked ``data`` onto ``organisation``. The caller commits."""
    organisation.name = data.name.strip()
    organisation.kind = OrganisationKind(data.kind)
    organisation.website = data.website.strip() or None
    organisation.description = data.description.strip() or None
    return organisation


def add(data: OrganisationInput) -> Organisation:
    organisation = apply(Organisation(), data)
    db.session.add(organisation)
    db.session.flush()
    return organisation
