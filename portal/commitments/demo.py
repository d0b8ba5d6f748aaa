"""Demo content: a partner for each organisation that signed the climate assembly's charter, and
their commitments on three recommendations with updates; Riverside Community Energy's is
overdue."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CharterSignature,
    Commitment,
    CommitmentEvidence,
    CommitmentUpdate,
    ImplementationStatus,
    Recommendation,
    Role,
    SignatureState,
    User,
)
from portal.timeutil import today, utcnow

PARTNERS = {
    # organisation: (partner's name, email)
    "Northbridge Buses": ("Pat Morgan", "partner@northbridge.example"),
    "Northgate University": ("Dr Amina Yusuf", "partner@northgate.example"),
    "Riverside Community Energy": ("Jo Marsh", "partner@riverside-energy.example"),
}

# An update: (days ago, status, progress, summary, [(evidence title, web address)]).
Update = tuple[int, ImplementationStatus, int, str, list[tuple[str, str]]]

COMMITMENTS: list[tuple[str, int, str, int, list[Update]]] = [
    # (organisation, recommendation number, what, due in days, [(days ago, status, progress,
    # summary, evidence)])
    (
        "Northbridge Buses",
        1,
        "Give everyone under 25 half-price fares on all our routes, as a first step to free "
        "travel, and share our ticket data with the council to plan the rest.",
        240,
        [
            (40, ImplementationStatus.PLANNED, 10, "Our board agreed the half-price fare.", []),
            (
                6,
                ImplementationStatus.IN_PROGRESS,
                45,
                "Half-price fares for under-25s started on routes 4, 12 and 15. The rest follow "
                "in the spring timetable.",
                [("Under-25 fares", "https://www.northbridgebuses.example/fares/under-25")],
            ),
        ],
    ),
    (
        "Northgate University",
        4,
        "Publish our study of retrofitting 1960s council homes, and lend two researchers to "
        "the council's retrofit team for a year.",
        120,
        [
            (
                20,
                ImplementationStatus.IN_PROGRESS,
                60,
                "The study is written and with reviewers. One researcher has joined the council's "
                "team.",
                [],
            )
        ],
    ),
    (
        "Riverside Community Energy",
        5,
        "Visit 500 households to help them apply for the insulation scheme and cut their bills.",
        -20,
        [
            (
                70,
                ImplementationStatus.IN_PROGRESS,
                30,
                "Our volunteers have visited 150 households so far.",
                [("Our visits map", "https://riverside-energy.example/visits")],
            )
        ],
    ),
]


def add_commitments_demo(climate, organiser, officers, members, rng) -> None:
    signatures = {
        signature.organisation_name: signature
        for signature in db.session.scalars(
            select(CharterSignature).where(
                CharterSignature.assembly_id == climate.id,
                CharterSignature.state == SignatureState.APPROVED,
            )
        )
    }
    recommendations = {
        recommendation.number: recommendation
        for recommendation in db.session.scalars(
            select(Recommendation).where(Recommendation.assembly_id == climate.id)
        )
    }
    password_hash = organiser.password_hash  # the demo's one password
    partners = {}
    for name, (person, email) in PARTNERS.items():
        signature = signatures.get(name)
        if signature is None or signature.organisation_id is None:
            continue
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:  # the referrals demo made this organisation's partner already
            partners[name] = user
            continue
        user = User(
            email=email,
            name=person,
            display_name=person,
            role=Role.PARTNER,
            organisation_id=signature.organisation_id,
            password_hash=password_hash,
        )
        db.session.add(user)
        partners[name] = user
    db.session.flush()
    now = utcnow()
    for name, number, text, due_in, updates in COMMITMENTS:
        partner = partners.get(name)
        recommendation = recommendations.get(number)
        if partner is None or recommendation is None:
            continue
        made = now - timedelta(days=max(days for days, *_rest in updates) + 5)
        commitment = Commitment(
            recommendation_id=recommendation.id,
            organisation_id=partner.organisation_id,
            text=text,
            due_on=today() + timedelta(days=due_in),
            created_at=made,
            updated_at=made,
            created_by_id=partner.id,
        )
        for days, status, progress, summary, evidence in updates:
            commitment.updates.append(
                CommitmentUpdate(
                    status=status,
                    progress=progress,
                    summary=summary,
                    published_at=now - timedelta(days=days),
                    author_id=partner.id,
                    evidence=[
                        CommitmentEvidence(title=title, url=url, position=index)
                        for index, (title, url) in enumerate(evidence)
                    ],
                )
            )
        db.session.add(commitment)
    db.session.flush()
