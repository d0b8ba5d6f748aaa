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


# Decisions referred to organisations: (recommendation, organisation, explanation, days since
# the decision, days it had to respond, its response and how many days after the decision, or
# None for no response yet).
REFERRALS = [
    (
        15,
        "Northgate University",
        "The council has no spare land near the city centre. Northgate University owns "
        "playing fields it no longer uses, so the council has asked it whether residents can "
        "grow food there.",
        75,
        42,
        "We will open two acres of the Eastfield playing fields to a residents’ growing group "
        "from March, rent free for five years, with water and a tool store.",
        30,
    ),
    (
        1,
        "Northbridge Buses",
        "Cabinet has reviewed free travel after a year of the workplace parking levy. Free "
        "travel for 19 to 25 year olds needs Northbridge Buses to agree a fare deal, so the "
        "council has asked it to respond.",
        60,
        30,
        None,
        None,
    ),
]
DEMO_PARTNER = "partner@northbridge.example"


def add_referrals_demo(climate, organiser, officers, members, rng) -> None:
    """One recommendation referred to a charter signatory that has responded, and one referred
    to Northbridge Buses, whose partner (``partner@northbridge.example``) has not: overdue."""
    from portal.auth.passwords import hash_password
    from portal.demo import DEMO_PASSWORD
    from portal.models import Role, User
    from portal.partners import referrals
    from portal.tracker import services

    buses = organisations.named("Northbridge Buses")
    if buses is None:
        return
    partner = User(
        email=DEMO_PARTNER,
        name="Pat Morgan",
        display_name="Pat M",
        role=Role.PARTNER,
        organisation_id=buses.id,
        password_hash=hash_password(DEMO_PASSWORD),
    )
    db.session.add(partner)
    db.session.flush()
    recommendations = {rec.number: rec for rec in climate.recommendations}
    for number, name, explanation, days_ago, days_to_respond, response, answered in REFERRALS:
        recommendation = recommendations.get(number)
        organisation = organisations.named(name)
        if recommendation is None or organisation is None or recommendation.is_closed:
            continue
        entry = services.publish_decision(
            recommendation,
            recommendation.lead_officer or organiser,
            decision="referred",
            explanation=explanation,
            referred_organisation=organisation.id,
            respond_by=today() + timedelta(days=days_to_respond),
        )
        when = utcnow() - timedelta(days=days_ago)
        entry.created_at = entry.updated_at = entry.published_at = when
        referral = entry.referral
        if referral is None:
            continue
        referral.created_at = referral.notified_at = when
        referral.respond_by = (when + timedelta(days=days_to_respond)).date()
        if response and answered is not None:
            referrals.respond(referral, partner if organisation is buses else organiser, response)
            referral.responded_by_id = partner.id if organisation is buses else None
            referral.responded_at = when + timedelta(days=answered)
    db.session.flush()
