"""The demo's climate assembly has a policy calendar: meetings to come, past ones with their
outcome, and one over 14 days ago still missing its outcome, which organisers are told about."""

from sqlalchemy import select

from portal.extensions import db
from portal.models import Assembly, User
from portal.policy_calendar import services
from tests.support.http import sign_in


def test_the_demo_has_a_calendar_with_past_and_upcoming_decision_points(
    runner, client, app_context
):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    climate = db.session.scalar(select(Assembly).where(Assembly.name.like("%Climate%")))
    calendar = services.calendar_of(climate)
    assert len(calendar.upcoming) >= 2
    assert any(point.has_outcome for point in calendar.past)
    assert services.missing_outcome_counts()[climate.id] == 1

    page = client.get(f"/assemblies/{climate.slug}/calendar").get_data(as_text=True)
    assert "Outcome not recorded yet" in page
    organiser = db.session.scalar(select(User).where(User.role == "organiser").limit(1))
    sign_in(client, organiser)
    home = client.get("/admin/").get_data(as_text=True)
    assert "1 decision without its outcome after 14 days" in home
