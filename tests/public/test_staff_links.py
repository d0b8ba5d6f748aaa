from tests.support.data import create_assembly, create_recommendation, create_user
from tests.support.http import sign_in

LINK = "Publish a decision or progress update on this recommendation"


def test_the_lead_officer_can_go_from_the_public_page_to_publishing(app, app_context):
    assembly = create_assembly("climate")
    lead = create_user("lead@council.example", role="officer")
    other_officer = create_user("other@council.example", role="officer")
    member = create_user("member@example.org", assemblies=[assembly])
    create_recommendation(assembly, 1, lead_officer=lead)
    page = "/assemblies/climate/recommendations/1"

    for person, sees_link in ((lead, True), (other_officer, False), (member, False)):
        client = app.test_client()
        sign_in(client, person)
        assert (LINK in client.get(page).get_data(as_text=True)) is sees_link, person.email
    assert LINK not in app.test_client().get(page).get_data(as_text=True)
