"""The demo's signatories each have a partner, and commitments on three recommendations with
updates, one of them overdue."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Assembly, Commitment, Role, User
from tests.support.http import sign_in
from tests.support.text import section, text_of


def test_the_demo_has_partners_commitments_and_one_overdue(runner, client, app_context):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    climate = db.session.scalar(select(Assembly).where(Assembly.name.like("%Climate%")))
    partners = db.session.scalars(select(User).where(User.role == Role.PARTNER)).all()
    assert len(partners) == 3 and all(p.organisation_id for p in partners)
    assert len(db.session.scalars(select(Commitment)).all()) == 3

    buses = section(
        client.get(f"/assemblies/{climate.slug}/recommendations/1"), "Partners’ commitments"
    )
    assert "Northbridge Buses" in buses and "Half-price fares for under-25s started" in buses
    assert "Overdue" not in buses
    energy = section(
        client.get(f"/assemblies/{climate.slug}/recommendations/5"), "Partners’ commitments"
    )
    assert "Riverside Community Energy" in energy and "Overdue" in energy

    buses_partner = next(p for p in partners if p.email == "partner@northbridge.example")
    sign_in(client, buses_partner)
    mine = text_of(client.get("/partner/commitments"))
    assert "Give everyone under 25 half-price fares" in mine
