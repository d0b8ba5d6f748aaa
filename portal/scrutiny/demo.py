"""Demo discussion, verdicts, questions and moderation for ``flask --app portal demo``."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import Comment, Question, Recommendation, ResponseEntry, Verdict
from portal.scrutiny import moderation, questions
from portal.timeutil import utcnow

COMMENTS = [
    "I am glad this was **accepted**, but the explanation does not say *when* work starts.",
    "Could the council publish the budget for this? The assembly heard it would cost:\n\n"
    "- £2m a year to run\n- £500k to set up",
    "The evidence we heard is here: <https://www.example.org/assembly-evidence>",
]
REPLIES = [
    "Agreed. A date would help us hold the council to this.",
    "Thank you for the question. We will publish the budget with the next update.",
]


def _published(recommendation: Recommendation) -> list[ResponseEntry]:
    return list(
        db.session.scalars(
            select(ResponseEntry)
            .where(
                ResponseEntry.recommendation_id == recommendation.id,
                ResponseEntry.published_at.is_not(None),
            )
            .order_by(ResponseEntry.published_at.desc())
        )
    )


def _ensure_decision(recommendation: Recommendation, officer, decision: str, explanation: str):
    """Use the tracker's published entries when its demo ran first; publish one otherwise."""
    entries = _published(recommendation)
    if entries:
        return entries
    from portal.tracker.services import publish_decision

    publish_decision(recommendation, officer, decision=decision, explanation=explanation)
    return _published(recommendation)


def add_scrutiny_demo(climate, organiser, officers, members, rng) -> None:
    recs = list(
        db.session.scalars(
            select(Recommendation)
            .where(Recommendation.assembly_id == climate.id)
            .order_by(Recommendation.number)
            .limit(4)
        )
    )
    if len(recs) < 4:
        return
    now = utcnow()
    lead = {officer.id: officer for officer in officers}
    first, second, third, fourth = recs
    entries = _ensure_decision(first, lead.get(first.lead_officer_id, organiser), "accepted", "")
    _ensure_decision(
        second,
        lead.get(second.lead_officer_id, organiser),
        "partly_accepted",
        "We will build routes to the six largest schools first, as funding allows.",
    )

    # Discussion with replies, one attached to the latest decision, one edited.
    posted = []
    for index, text in enumerate(COMMENTS):
        author = members[index + 1]
        comment = Comment(
            recommendation_id=first.id,
            entry_id=entries[0].id if index == 0 and entries else None,
            author_id=author.id,
            body=text,
            created_at=now - timedelta(days=10 - index),
            edited_at=now - timedelta(days=10 - index, minutes=-5) if index == 2 else None,
        )
        db.session.add(comment)
        posted.append(comment)
    db.session.flush()
    for comment in posted:
        comment.recommendation = first
    db.session.add_all(
        [
            Comment(
                recommendation_id=first.id,
                parent_id=posted[0].id,
                author_id=members[4].id,
                body=REPLIES[0],
                created_at=now - timedelta(days=9),
            ),
            Comment(
                recommendation_id=first.id,
                parent_id=posted[1].id,
                author_id=first.lead_officer_id or organiser.id,
                body=REPLIES[1],
                created_at=now - timedelta(days=8),
            ),
        ]
    )

    # A comment reported and hidden by the organiser, with its audit entry.
    rude = Comment(
        recommendation_id=first.id,
        author_id=members[6].id,
        body="Anyone who disagrees with me is an idiot and should move away.",
        created_at=now - timedelta(days=7),
    )
    rude.recommendation = first
    db.session.add(rude)
    db.session.flush()
    moderation.report_comment(rude, members[7], "This is a personal attack on other members.")
    moderation.hide_comment(rude, organiser, "Personal attacks break the discussion rules.")

    # A report still waiting for a moderator.
    moderation.report_comment(
        posted[1], members[8], "I think this is off topic for this recommendation."
    )

    # Verdicts on the latest published responses of the first two recommendations.
    ratings = ["adequate", "partly_adequate", "not_adequate"]
    for recommendation, weights in ((first, (5, 3, 2)), (second, (1, 3, 8))):
        published = _published(recommendation)
        if not published:
            continue
        for member in members[:20]:
            db.session.add(
                Verdict(
                    entry_id=published[0].id,
                    user_id=member.id,
                    rating=rng.choices(ratings, weights=weights)[0],
                    reason="Good that there is a date." if rng.random() < 0.2 else "",
                    created_at=now - timedelta(days=5),
                    updated_at=now - timedelta(days=5),
                )
            )

    # Questions: one answered, one overdue, one waiting but not yet due.
    answered = Question(
        recommendation_id=first.id,
        asked_by_id=members[0].id,
        assigned_to_id=first.lead_officer_id,
        body="When will the first free bus passes be issued?",
        asked_at=now - timedelta(days=30),
        due_on=questions.answer_due(first.assembly, (now - timedelta(days=30)).date()),
    )
    answered.recommendation = first
    overdue = Question(
        recommendation_id=third.id,
        asked_by_id=members[0].id,
        assigned_to_id=third.lead_officer_id,
        body="Which streets will get the 20mph limit first, and when?",
        asked_at=now - timedelta(days=45),
        due_on=questions.answer_due(third.assembly, (now - timedelta(days=45)).date()),
    )
    waiting = Question(
        recommendation_id=fourth.id,
        asked_by_id=members[2].id,
        assigned_to_id=fourth.lead_officer_id,
        body="How many council homes have been insulated so far?",
        asked_at=now - timedelta(days=2),
        due_on=questions.answer_due(fourth.assembly, (now - timedelta(days=2)).date()),
    )
    db.session.add_all([answered, overdue, waiting])
    db.session.flush()
    questions.answer_question(
        answered,
        lead.get(first.lead_officer_id, organiser),
        "The first passes will be issued in **September**, once the parking levy starts.",
    )
