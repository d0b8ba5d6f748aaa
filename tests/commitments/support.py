"""An assembly whose charter an organisation signed, with its partner, for the commitments' tests."""

from __future__ import annotations

from datetime import date

from portal.extensions import db
from portal.models import CharterSignature, OrganisationKind, SignatureState
from portal.timeutil import add_months, today
from tests.support.data import (
    create_assembly,
    create_organisation,
    create_recommendation,
    create_user,
)
from tests.support.http import post_form


def sign_charter(assembly, organisation, state=SignatureState.APPROVED) -> CharterSignature:
    signature = CharterSignature(
        assembly_id=assembly.id,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        kind=OrganisationKind.BUSINESS,
        contact_name="Sam Contact",
        contact_email="sam@buses.example",
        statement="We support the assembly.",
        state=state,
        signed_on=today() if state == SignatureState.APPROVED else None,
    )
    db.session.add(signature)
    db.session.commit()
    return signature


def signatory(slug="climate", *, recommendations=2):
    """A public assembly with recommendations 1..n, signed by Northbridge Buses, whose partner
    is Pat; returns (assembly, recommendations, organisation, partner)."""
    assembly = create_assembly(slug, name="Climate Assembly")
    recs = [
        create_recommendation(assembly, number, title=f"Better buses {number}")
        for number in range(1, recommendations + 1)
    ]
    organisation = create_organisation(
        f"Northbridge Buses {slug}", kind="business", website="https://buses.example"
    )
    sign_charter(assembly, organisation)
    partner = create_user(
        f"pat-{slug}@buses.example",
        role="partner",
        name="Pat Partner",
        organisation_id=organisation.id,
    )
    return assembly, recs, organisation, partner


def in_a_year() -> date:
    return add_months(today(), 12)


def date_fields(name: str, day: date | None) -> dict:
    if day is None:
        return {name: ["", "", ""]}
    return {name: [str(day.day), str(day.month), str(day.year)]}


def commit(client, recommendation, text="Run evening buses on routes 4 and 12.", due=None):
    return post_form(
        client,
        "/partner/commitments/new",
        {
            "recommendation": str(recommendation.id),
            "text": text,
            **date_fields("due_on", due or in_a_year()),
        },
    )


def publish(client, commitment_id, **fields):
    data = {
        "status": "in_progress",
        "progress": "40",
        "summary": "Route 4 runs until 11pm every day since March.",
        "evidence_1_title": "New timetable",
        "evidence_1_url": "https://buses.example/timetable",
        **fields,
    }
    return post_form(client, f"/partner/commitments/{commitment_id}/updates/new", data)
