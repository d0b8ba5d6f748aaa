"""The public pages send the same number of SQL statements for a small and a large assembly."""

from __future__ import annotations

from portal.extensions import db
from portal.models import Recommendation
from tests.support.data import bulk_history, create_assembly, create_user
from tests.support.http import sign_in
from tests.support.queries import counting_queries

THEMES = ["Travel", "Homes", "Nature", "Energy", "Waste"]

PAGES = [
    "/assemblies/{slug}",
    "/assemblies/{slug}?theme=Nature&decision=modified&status=in_progress&overdue=overdue",
    "/assemblies/{slug}/recommendations/1",
    "/assemblies",
    "/assemblies/{slug}/feed.atom",
    "/assemblies/{slug}/recommendations.json",
    "/assemblies/{slug}/recommendations.csv",
]


def build(slug: str, recommendations: int, *, history_of_first: int, public: bool = True):
    """An assembly whose recommendations each have a decision and 2 updates with evidence.

    Recommendation 1 has ``history_of_first`` updates instead, so its page grows too.
    """
    assembly = create_assembly(slug, public=public)
    for number in range(1, recommendations + 1):
        recommendation = Recommendation(
            assembly_id=assembly.id,
            number=number,
            title=f"Recommendation {number}",
            text="Do something useful.",
            theme=THEMES[number % len(THEMES)],
            lead_department="Parks",
        )
        db.session.add(recommendation)
        db.session.flush()
        bulk_history(recommendation, history_of_first if number == 1 else 2)
    db.session.commit()
    return assembly


def statements(client, url: str) -> int:
    with counting_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(counter)


def counts_for(client) -> dict[str, tuple[int, int]]:
    return {
        page: (
            statements(client, page.format(slug="small")),
            statements(client, page.format(slug="large")),
        )
        for page in PAGES
    }


def test_every_public_page_sends_as_many_statements_for_200_recommendations_as_for_20(
    client, app_context
):
    build("small", 20, history_of_first=3)
    build("large", 200, history_of_first=30)

    counts = counts_for(client)

    assert all(small == large for small, large in counts.values()), counts
    # 11: the assembly page's reports panel reads the published reports in one more, its
    # overall progress figure and "What changed" list one each, the members' statements
    # panel its published statements (with their reports) in one, and the civic charter
    # panel whether there is a charter and how many signed it in one.
    assert all(large <= 11 for _, large in counts.values()), counts


def test_a_member_sees_their_private_assembly_with_as_many_statements_at_either_size(
    client, app_context
):
    small = build("small", 20, history_of_first=3, public=False)
    large = build("large", 200, history_of_first=30, public=False)
    sign_in(client, create_user(assemblies=[small, large]))

    counts = counts_for(client)

    assert all(small == large for small, large in counts.values()), counts
