"""Demo content for organisers: invitations still waiting, one of them expired, so the
dashboard's invitation figures link to something."""

from __future__ import annotations

from datetime import timedelta

from portal.extensions import db
from portal.models import Invitation, Role
from portal.timeutil import utcnow
from portal.tokens import new_link_token

DEMO_INVITATIONS = (
    ("Priya Shah", "priya.shah@example.org", 10),
    ("Tom Evans", "tom.evans@example.org", -2),
)


def add_demo_invitations(climate, organiser, officers, members, rng) -> None:
    now = utcnow()
    for name, email, expires_in_days in DEMO_INVITATIONS:
        _, token_hash = new_link_token("invitation")
        db.session.add(
            Invitation(
                email=email,
                name=name,
                role=Role.MEMBER,
                assembly_id=climate.id,
                invited_by_id=organiser.id,
                token_hash=token_hash,
                created_at=now - timedelta(days=14 - expires_in_days),
                sent_at=now - timedelta(days=14 - expires_in_days),
                expires_at=now + timedelta(days=expires_in_days),
            )
        )
