"""A realistic fictional authority for local use: ``flask --app portal demo``."""

from __future__ import annotations

import random
from datetime import date

from portal.auth.passwords import hash_password
from portal.auth.services import default_display_name
from portal.extensions import db
from portal.models import Assembly, Membership, Recommendation, Role, User
from portal.registry import registry

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - documented local-only demo sign-in

FIRST_NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dariusz",
    "Eilidh",
    "Femi",
    "Grace",
    "Harpreet",
    "Ioana",
    "Jamal",
    "Kate",
    "Liam",
    "Mei",
    "Niamh",
    "Oluwaseun",
    "Priya",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tomasz",
    "Ursula",
    "Viktor",
    "Wen",
    "Xavier",
    "Yasmin",
    "Zainab",
    "Aled",
    "Bronwen",
    "Callum",
    "Deborah",
    "Emeka",
    "Fiona",
    "Gareth",
    "Hana",
    "Idris",
    "Joan",
    "Kwame",
    "Lucy",
    "Mohammed",
    "Nora",
]
LAST_NAMES = [
    "Khan",
    "Okafor",
    "Smith",
    "Nowak",
    "MacLeod",
    "Adeyemi",
    "O’Brien",
    "Singh",
    "Popescu",
    "Ali",
    "Jones",
    "Murphy",
    "Chen",
    "Byrne",
    "Bello",
    "Patel",
    "Dupont",
    "García",
    "Gupta",
    "Kowalski",
    "Schmidt",
    "Ivanov",
    "Li",
    "Martin",
    "Hussain",
    "Ahmed",
    "Evans",
    "Price",
    "Stewart",
    "Hughes",
]

OFFICERS = [
    ("Sarah Whitfield", "sarah.whitfield@northbridge.example", "Transport and Highways"),
    ("David Osei", "david.osei@northbridge.example", "Housing"),
    ("Helen Park", "helen.park@northbridge.example", "Environment and Parks"),
    ("Marek Zielinski", "marek.zielinski@northbridge.example", "Planning"),
    ("Ruth Adebayo", "ruth.adebayo@northbridge.example", "Public Health"),
]

RECOMMENDATIONS = [
    (
        "Travel",
        "Make bus travel free for under-25s",
        "Introduce free bus travel for everyone under 25 across the district, funded by a workplace parking levy.",
        88,
        0,
    ),
    (
        "Travel",
        "Create safe cycle routes to every secondary school",
        "Build protected cycle lanes linking every secondary school to the nearest residential areas by 2030.",
        92,
        0,
    ),
    (
        "Travel",
        "Introduce 20mph limits on residential streets",
        "Set a 20mph speed limit on all residential streets, starting with streets near schools.",
        76,
        0,
    ),
    (
        "Homes",
        "Retrofit council homes to high energy standards",
        "Insulate and retrofit all council homes to EPC band C by 2030, starting with homes in fuel poverty.",
        95,
        1,
    ),
    (
        "Homes",
        "Offer free energy advice to every household",
        "Fund an independent energy advice service that visits any household on request.",
        90,
        1,
    ),
    (
        "Homes",
        "Require new homes to be zero carbon",
        "Change local planning policy so that every new home is built to a zero-carbon standard.",
        83,
        3,
    ),
    (
        "Nature",
        "Plant +20% tree cover by 2035",
        "Increase tree cover by 20% across the district by 2035, with priority for neighbourhoods with the fewest trees.",
        97,
        2,
    ),
    (
        "Nature",
        "Rewild council verges and parks",
        "Let a third of council grass verges and park edges grow as wildflower meadows.",
        71,
        2,
    ),
    (
        "Nature",
        "Protect and restore the river corridor",
        "Work with landowners to restore wetland along the River Northe and stop sewage spills.",
        89,
        2,
    ),
    (
        "Energy",
        "Put solar panels on every council building",
        "Install solar panels on every suitable council building and school roof within five years.",
        94,
        2,
    ),
    (
        "Energy",
        "Set up a community energy company",
        "Help residents set up a community-owned energy company that sells local renewable power.",
        68,
        3,
    ),
    (
        "Waste",
        "Collect food waste from every home",
        "Start weekly food waste collections from every household, including flats.",
        86,
        2,
    ),
    (
        "Waste",
        "Open repair cafés in every town",
        "Fund repair cafés and a library of things in each of the district's four towns.",
        74,
        2,
    ),
    (
        "Health",
        "Make clean air a public health priority",
        "Publish air quality readings near schools and act where limits are breached.",
        91,
        4,
    ),
    (
        "Health",
        "Fund community food growing",
        "Give every estate and village access to a community garden or allotment.",
        79,
        4,
    ),
    (
        "Democracy",
        "Report progress to residents every year",
        "Publish a yearly public report on every recommendation, and hold a public meeting to discuss it.",
        98,
        3,
    ),
    (
        "Democracy",
        "Reconvene the assembly in two years",
        "Bring the assembly members back together after two years to review progress.",
        85,
        3,
    ),
    (
        "Travel",
        "Lobby for reopening the Northbridge railway line",
        "Ask national government to reopen the railway line closed in 1965.",
        66,
        0,
    ),
]


def load_demo(seed: int = 2026) -> list[tuple[str, str, str]]:
    """Create the demo authority and return the sign-ins to print (role, email, password)."""
    rng = random.Random(seed)
    password_hash = hash_password(DEMO_PASSWORD)

    climate = Assembly(
        slug="climate-2025",
        name="Northbridge Climate Assembly",
        topic_question="How should Northbridge respond to the climate emergency fairly and quickly?",
        description=(
            "Forty residents, chosen by lottery to reflect the district, met over six weekends in "
            "spring 2025 to hear evidence and agree recommendations for the council."
        ),
        starts_on=date(2025, 3, 1),
        ends_on=date(2025, 5, 31),
        concluded_on=date(2025, 6, 14),
        report_url="https://www.example.org/northbridge-climate-assembly-report",
        is_public=True,
        show_discussion_publicly=False,
    )
    youth = Assembly(
        slug="youth-housing-2026",
        name="Northbridge Youth Assembly on Housing",
        topic_question="What would make Northbridge a place where young people can afford to live?",
        description="Thirty young residents aged 16 to 25 meeting in autumn 2026.",
        starts_on=date(2026, 9, 12),
        ends_on=date(2026, 11, 7),
        concluded_on=date(2026, 11, 7),
        is_public=False,
    )
    db.session.add_all([climate, youth])

    organiser = User(
        email="organiser@northbridge.example",
        name="Olivia Grant",
        display_name="Olivia G",
        role=Role.ORGANISER,
        department="Engagement",
        password_hash=password_hash,
    )
    db.session.add(organiser)
    officers = []
    for name, email, department in OFFICERS:
        officer = User(
            email=email,
            name=name,
            display_name=default_display_name(name),
            role=Role.OFFICER,
            department=department,
            password_hash=password_hash,
        )
        officers.append(officer)
    db.session.add_all(officers)

    members = []
    for index in range(40):
        name = f"{FIRST_NAMES[index]} {LAST_NAMES[index % len(LAST_NAMES)]}"
        email = (
            "member@northbridge.example" if index == 0 else f"member{index + 1}@northbridge.example"
        )
        members.append(
            User(
                email=email,
                name=name,
                display_name=default_display_name(name),
                role=Role.MEMBER,
                password_hash=password_hash,
            )
        )
    youth_members = []
    for index in range(8):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        youth_members.append(
            User(
                email="youth@northbridge.example"
                if index == 0
                else f"youth{index + 1}@northbridge.example",
                name=name,
                display_name=default_display_name(name),
                role=Role.MEMBER,
                password_hash=password_hash,
            )
        )
    colleague = User(
        email="colleague@northbridge.example",
        name="Cllr Priya Shah",
        display_name="Cllr Priya S",
        role=Role.COLLEAGUE,
        department="Councillors",
        password_hash=password_hash,
    )
    approver = User(
        email="approver@northbridge.example",
        name="Cllr Daniel Okafor",
        display_name="Cllr Daniel O",
        role=Role.APPROVER,
        department="cabinet member for climate and environment",
        password_hash=password_hash,
    )
    db.session.add_all([*members, *youth_members, colleague, approver])
    db.session.flush()
    db.session.add_all(
        Membership(user_id=m.id, assembly_id=climate.id) for m in [*members, colleague, approver]
    )
    db.session.add_all(Membership(user_id=m.id, assembly_id=youth.id) for m in youth_members)

    for number, (theme, title, text, support, officer_index) in enumerate(RECOMMENDATIONS, start=1):
        officer = officers[officer_index]
        db.session.add(
            Recommendation(
                assembly_id=climate.id,
                number=number,
                title=title,
                text=text,
                theme=theme,
                support=support,
                lead_department=officer.department,
                lead_officer_id=officer.id,
                next_report_due=climate.effective_first_response_due,
            )
        )
    db.session.flush()
    extend_demo(climate=climate, organiser=organiser, officers=officers, members=members, rng=rng)
    db.session.commit()
    return [
        ("organiser", organiser.email, DEMO_PASSWORD),
        ("officer", officers[0].email, DEMO_PASSWORD),
        ("member", members[0].email, DEMO_PASSWORD),
        ("member", youth_members[0].email, DEMO_PASSWORD + "  (private youth assembly)"),
        ("colleague", colleague.email, DEMO_PASSWORD),
        ("approver", approver.email, DEMO_PASSWORD),
    ]


def extend_demo(**context) -> None:
    """Run the demo steps the packages added in their ``init_app`` (decisions, discussion,
    email), by their order: the response history comes first, so discussion and verdicts can
    refer to it."""
    for demo_step in registry().demo_steps:
        demo_step.step(**context)
