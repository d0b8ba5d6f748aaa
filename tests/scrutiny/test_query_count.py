"""The recommendation page costs the same number of queries at 10 and at 500 comments."""

from datetime import timedelta

from sqlalchemy import insert

from portal.extensions import db
from portal.models import Comment, Question, Verdict
from portal.timeutil import today, utcnow
from tests.support.data import create_user
from tests.support.http import sign_in
from tests.support.queries import counting_queries


def add_comments(scene, top_level: int, replies_each: int = 2) -> None:
    now = utcnow()
    authors = [scene.member.id, scene.second_member.id, scene.officer.id, scene.organiser.id]
    rows = [
        {
            "recommendation_id": scene.recommendation.id,
            "author_id": authors[n % 4],
            "entry_id": scene.decision.id if n % 3 == 0 else None,
            "body": f"Comment {n} with **bold** and a [link](https://example.org/{n})",
            "created_at": now - timedelta(minutes=n),
        }
        for n in range(top_level)
    ]
    db.session.execute(insert(Comment), rows)
    parents = db.session.scalars(db.select(Comment.id)).all()
    db.session.execute(
        insert(Comment),
        [
            {
                "recommendation_id": scene.recommendation.id,
                "parent_id": parent,
                "author_id": authors[(parent + r) % 4],
                "body": f"Reply {r}",
                "created_at": now,
            }
            for parent in parents
            for r in range(replies_each)
        ],
    )
    db.session.commit()


def add_verdicts_and_questions(scene, number: int) -> None:
    members = [create_user(assemblies=[scene.assembly]) for _ in range(number)]
    for index, member in enumerate(members):
        db.session.add(Verdict(entry_id=scene.update.id, user_id=member.id, rating="adequate"))
        db.session.add(
            Question(
                recommendation_id=scene.recommendation.id,
                asked_by_id=member.id,
                assigned_to_id=scene.officer.id,
                body=f"Question {index}",
                due_on=today(),
                answer="An answer" if index % 2 else None,
                answered_at=utcnow() if index % 2 else None,
                answered_by_id=scene.officer.id if index % 2 else None,
            )
        )
    db.session.commit()


def queries_for_page(client, scene, person, path=None) -> int:
    sign_in(client, person)
    client.get(path or scene.page)  # warm up: first-request work is not the page's
    with counting_queries() as statements:
        response = client.get(path or scene.page)
    assert response.status_code == 200
    return len(statements)


def test_the_recommendation_page_query_count_is_the_same_at_10_and_500_comments(
    client, app_context
):
    from tests.scrutiny.scene import build_scene

    small = build_scene()
    add_comments(small, 10)
    add_verdicts_and_questions(small, 2)
    counts_small = {
        role: queries_for_page(client, small, person)
        for role, person in (
            ("member", small.member),
            ("officer", small.officer),
            ("organiser", small.organiser),
        )
    }
    add_comments(small, 490)
    add_verdicts_and_questions(small, 20)
    counts_large = {
        role: queries_for_page(client, small, person)
        for role, person in (
            ("member", small.member),
            ("officer", small.officer),
            ("organiser", small.organiser),
        )
    }
    assert counts_small == counts_large
    print("recommendation page queries:", counts_large)
    assert counts_large["member"] <= 20


def test_later_pages_of_comments_cost_the_same_as_the_first(client, scene):
    add_comments(scene, 500)
    first = queries_for_page(client, scene, scene.member)
    later = queries_for_page(client, scene, scene.member, scene.page + "?page=17")
    assert first == later


def test_a_members_home_page_costs_at_most_4_statements_at_1_and_30_recommendations(
    client, app_context
):
    from portal.models import Follow, Membership, Notification
    from tests.scrutiny.scene import build_scene
    from tests.support.data import create_assembly, create_recommendation

    scene = build_scene()
    small = queries_for_page(client, scene, scene.member, "/home")

    for number in range(2, 31):
        create_recommendation(scene.assembly, number, title=f"Recommendation {number}")
    empty = create_assembly("empty", name="An assembly with nothing yet")
    db.session.add(Membership(user_id=scene.member.id, assembly_id=empty.id))
    db.session.add(
        Follow(user_id=scene.member.id, recommendation_id=scene.recommendation.id, following=False)
    )
    db.session.execute(
        insert(Notification),
        [{"user_id": scene.member.id, "kind": "reply", "summary": f"Reply {n}"} for n in range(25)],
    )
    db.session.commit()
    add_verdicts_and_questions(scene, 10)
    large = queries_for_page(client, scene, scene.member, "/home")
    page = client.get("/home").get_data(as_text=True)

    assert large == small
    # signing in with the unread count; the assemblies with their recommendations and whether
    # the member follows each; what is new; their questions
    assert small <= 4
    assert "An assembly with nothing yet" in page
    assert "You follow 29 recommendations" in page
