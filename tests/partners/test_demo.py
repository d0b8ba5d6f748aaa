"""The demo's climate assembly has a civic charter signed by three organisations with logos, and
one more request waiting for the organisers."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Assembly, SignatureState, User
from portal.partners import charter as charters
from tests.support.http import sign_in


def test_the_demo_has_a_charter_with_three_signatories_and_a_request(runner, client, app_context):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    climate = db.session.scalar(select(Assembly).where(Assembly.name.like("%Climate%")))
    signatories = charters.signatories(climate)
    assert len(signatories) == 3
    assert all(signature.organisation.logo_digest for signature in signatories)
    assert len(charters.requests_in(climate, SignatureState.PENDING)) == 1

    page = client.get(f"/assemblies/{climate.slug}/charter").get_data(as_text=True)
    assert "Northbridge Buses logo" in page and "Riverside Community Energy" in page
    logo = signatories[0].organisation
    image = client.get(f"/organisations/{logo.id}/logo")
    assert image.status_code == 200 and image.mimetype == "image/png"
    organiser = db.session.scalar(select(User).where(User.role == "organiser").limit(1))
    sign_in(client, organiser)
    queue = client.get(f"/admin/assemblies/{climate.slug}/charter").get_data(as_text=True)
    assert "Northbridge Housing Trust" in queue


def test_the_demo_has_an_answered_referral_and_an_overdue_one(runner, app, client, app_context):
    from portal.models import Referral

    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    climate = db.session.scalar(select(Assembly).where(Assembly.name.like("%Climate%")))
    answered, waiting = sorted(
        db.session.scalars(select(Referral)), key=lambda referral: referral.responded_at is None
    )
    assert answered.organisation.name == "Northgate University" and answered.response
    assert waiting.organisation.name == "Northbridge Buses" and waiting.response is None
    page = client.get(
        f"/assemblies/{climate.slug}/recommendations/{answered.entry.recommendation.number}"
    ).get_data(as_text=True)
    assert "Response from Northgate University" in page
    page = client.get(
        f"/assemblies/{climate.slug}/recommendations/{waiting.entry.recommendation.number}"
    ).get_data(as_text=True)
    assert "Northbridge Buses was asked to respond by" in page and "Overdue" in page

    partner = db.session.scalar(select(User).where(User.email == "partner@northbridge.example"))
    sign_in(client, partner)
    home = client.get("/partner").get_data(as_text=True)
    assert "What Northbridge Buses has been asked to do" in home and "Overdue" in home
