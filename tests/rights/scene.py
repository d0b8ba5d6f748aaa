"""Two members with something of everything, made through the portal's own pages: comments,
replies to each other, verdicts with reasons, questions, an unfollow, a report, a moderation
entry, notifications and emails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Assembly, Comment, Question, Recommendation, ResponseEntry, User
from portal.scrutiny import moderation
from portal.timeutil import utcnow
from tests.support.data import create_assembly, create_entry, create_recommendation, create_user
from tests.support.http import post_form, sign_in


@dataclass
class Person:
    user: User
    id: int
    email: str
    name: str
    display_name: str
    comment: str
    reply: str
    deleted_comment: str
    verdict_reason: str
    question: str
    report_reason: str


@dataclass
class Scene:
    assembly: Assembly
    recommendation: Recommendation
    decision: ResponseEntry
    officer: User
    organiser: User
    first: Person
    second: Person

    @property
    def page(self) -> str:
        return f"/assemblies/{self.assembly.slug}/recommendations/{self.recommendation.number}"


def _person(email: str, name: str, display_name: str, assembly: Assembly, words: str) -> Person:
    user = create_user(email, name=name, display_name=display_name, assemblies=[assembly])
    return Person(
        user=user,
        id=user.id,
        email=email,
        name=name,
        display_name=display_name,
        comment=f"Free buses would help {words} get to college.",
        reply=f"I agree, and {words} say so too.",
        deleted_comment=f"A comment about {words} that I deleted.",
        verdict_reason=f"Too slow for {words}.",
        question=f"When will {words} see the first free bus?",
        report_reason=f"This comment about {words} is unkind.",
    )


def _latest(model, **where):
    statement = select(model).filter_by(**where).order_by(model.id.desc()).limit(1)
    return db.session.scalar(statement)


def build_scene(app) -> Scene:
    assembly = create_assembly(
        "climate", name="Climate Assembly", public=True, show_discussion_publicly=True
    )
    officer = create_user("officer@council.example", role="officer", name="Sarah Whitfield")
    organiser = create_user("organiser@council.example", role="organiser", name="Olivia Grant")
    recommendation = create_recommendation(
        assembly, 1, title="Make bus travel free for under-25s", lead_officer=officer
    )
    decision = create_entry(
        recommendation,
        kind="decision",
        author=officer,
        decision="accepted",
        published_at=utcnow() - timedelta(days=3),
    )
    first = _person(
        "zephyrine@example.org", "Zephyrine Quillfeather", "Zephyrine Q", assembly, "my niece"
    )
    second = _person(
        "bartholomew@example.org", "Bartholomew Oakenshield", "Bartholomew O", assembly, "my son"
    )
    scene = Scene(assembly, recommendation, decision, officer, organiser, first, second)
    clients = {}
    for person in (first, second):
        client = app.test_client()
        sign_in(client, person.user)
        clients[person.email] = client
        post_form(client, scene.page + "/comments/new", {"body": person.comment, "entry_id": ""})
        post_form(client, scene.page + "/comments/new", {"body": person.deleted_comment})
        deleted = _latest(Comment, author_id=person.user.id)
        post_form(client, f"/comments/{deleted.id}/delete")
        post_form(
            client,
            f"/responses/{decision.id}/verdict",
            {"rating": "partly_adequate", "reason": person.verdict_reason},
        )
        post_form(client, scene.page + "/questions/new", {"body": person.question})
    # Each replies to and reports the other's comment: each gets a notification and an email
    # that names the other.
    for person, other in ((first, second), (second, first)):
        client = clients[person.email]
        their = db.session.scalar(
            select(Comment).where(Comment.author_id == other.user.id, Comment.body == other.comment)
        )
        post_form(client, f"/comments/{their.id}/reply", {"body": person.reply})
        post_form(client, f"/comments/{their.id}/report", {"reason": person.report_reason})
    post_form(clients[first.email], scene.page + "/unfollow")
    moderation.suspend_member(first.user, organiser, f"{first.display_name} was rude")
    moderation.lift_suspension(first.user, organiser, "Apologised")
    db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(select(Question).where(Question.asked_by_id == first.user.id))
    return scene
