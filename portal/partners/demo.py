"""Demo content: the climate assembly's civic charter, signed by three organisations (each with
a logo drawn here) and one more asking to sign."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image, ImageDraw

from portal.extensions import db
from portal.models import CharterSignature, OrganisationKind, SignatureState
from portal.partners import charter as charters
from portal.partners import logos, organisations
from portal.partners.organisations import OrganisationInput
from portal.timeutil import today, utcnow

CHARTER_TEXT = """The Northbridge Climate Assembly made its recommendations for the whole city, not
only for the council. Organisations that sign this charter commit to:

- act on the recommendations that concern them, and say publicly what they will do and by when;
- report their progress at least every six months;
- work with the council and the assembly's members when plans change.

Signing is free and open to any **business, public body, voluntary or community group, school
or university** in Northbridge."""

SIGNATORIES = [
    # (name, kind, website, description, colour, days since signing, statement)
    (
        "Northbridge Buses",
        OrganisationKind.BUSINESS,
        "https://www.northbridgebuses.example",
        "Runs most of the city’s bus routes.",
        "#00703c",
        60,
        "We will run evening services on two more routes and replace our oldest diesel buses.",
    ),
    (
        "Northgate University",
        OrganisationKind.EDUCATION,
        "https://www.northgate.example",
        "A university of 20,000 students in the city centre.",
        "#4c2c92",
        35,
        "We support the assembly’s call for warmer homes and will open our research on "
        "insulation to the council.",
    ),
    (
        "Riverside Community Energy",
        OrganisationKind.VOLUNTARY,
        "https://riverside-energy.example",
        "A community group that helps households cut their energy bills.",
        "#d4351c",
        10,
        "Our volunteers will help 500 households apply for the insulation scheme.",
    ),
]


def demo_logo(name: str, colour: str) -> logos.Logo:
    """A square logo with the organisation's initials, made for the demo."""
    image = Image.new("RGB", (240, 240), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((30, 30, 210, 210), outline="#ffffff", width=12)
    initials = "".join(word[0] for word in name.split()[:2]).upper()
    draw.text((120, 120), initials, fill="#ffffff", anchor="mm", font_size=72)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return logos.process_logo(out.getvalue())


def add_charter_demo(climate, organiser, officers, members, rng) -> None:
    charters.save_charter(climate, CHARTER_TEXT, organiser)
    for name, kind, website, description, colour, days, statement in SIGNATORIES:
        organisation = organisations.named(name) or organisations.add(
            OrganisationInput(name, kind.value, website, description)
        )
        logos.save_logo(organisation, demo_logo(name, colour))
        signed_on = today() - timedelta(days=days)
        db.session.add(
            CharterSignature(
                assembly_id=climate.id,
                organisation_id=organisation.id,
                organisation_name=name,
                kind=kind,
                website=website,
                description=description,
                contact_name=f"{name} contact",
                contact_email=f"charter@{website.split('//')[1].removeprefix('www.')}",
                statement=statement,
                state=SignatureState.APPROVED,
                requested_at=utcnow() - timedelta(days=days + 5),
                decided_at=utcnow() - timedelta(days=days),
                decided_by_id=organiser.id,
                signed_on=signed_on,
            )
        )
    pending = demo_logo("Northbridge Housing Trust", "#1d70b8")
    db.session.add(
        CharterSignature(
            assembly_id=climate.id,
            organisation_name="Northbridge Housing Trust",
            kind=OrganisationKind.VOLUNTARY,
            website="https://www.northbridgehousing.example",
            description="A housing association with 4,000 homes in the city.",
            logo_data=pending.data,
            logo_content_type=pending.content_type,
            contact_name="Dev Patel",
            contact_email="dev.patel@northbridgehousing.example",
            statement="We will insulate 400 of our homes by 2028.",
            state=SignatureState.PENDING,
            requested_at=utcnow() - timedelta(days=2),
        )
    )
    db.session.flush()
