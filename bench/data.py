"""Realistic data, inserted in bulk: assemblies with recommendations, members, officers,
decisions and progress updates, comments, verdicts, questions and follows.

Sizes: ``quick`` is 5 assemblies, ``full`` 20, each with 40 recommendations, 60 members and 10
published entries (a decision and 9 updates) per recommendation. ``scale`` multiplies the number
of assemblies (the benchmarks use 10 for the large size).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import insert

from portal.auth.passwords import hash_password
from portal.extensions import db
from portal.models import (
    Assembly,
    Comment,
    Follow,
    Membership,
    Question,
    Recommendation,
    ResponseEntry,
    User,
    Verdict,
)
from portal.timeutil import utcnow

ASSEMBLIES = {"quick": 5, "full": 20}
RECOMMENDATIONS = 40
MEMBERS = 60
ENTRIES = 10
COMMENTS = 6
VERDICTS = 12
QUESTIONS = 2
FOLLOWS_PER_MEMBER = 6
PASSWORD = "bench password that is long enough"  # noqa: S105

THEMES = ["Travel", "Homes", "Energy", "Nature", "Food", "Waste"]
DEPARTMENTS = ["Transport", "Housing", "Planning", "Environment", "Public health"]
DECISIONS = ["accepted", "partly_accepted", "modified", "not_accepted", "under_consideration"]
STATUSES = ["planned", "in_progress", "delayed", "completed"]
RATINGS = ["adequate", "partly_adequate", "not_adequate"]
WORDS = [
    "the",
    "council",
    "will",
    "work",
    "with",
    "residents",
    "to",
    "improve",
    "bus",
    "routes",
    "cycle",
    "lanes",
    "insulation",
    "grants",
    "tree",
    "planting",
    "repair",
    "cafes",
    "community",
    "energy",
    "schemes",
    "and",
    "report",
    "progress",
    "every",
    "year",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


@dataclass
class Generated:
    assembly_slugs: list[str] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)
    officer_ids: list[int] = field(default_factory=list)
    organiser_id: int = 0
    rows: int = 0


def _insert(model, rows: list[dict], returning: bool = False) -> list[int]:
    if not rows:
        return []
    if returning:
        ids = list(
            db.session.scalars(
                insert(model).returning(model.id, sort_by_parameter_order=True), rows
            )
        )
        return ids
    db.session.execute(insert(model), rows)
    return []


def generate(assemblies: int, *, seed: int = 1, prefix: str = "a") -> Generated:
    """Insert ``assemblies`` assemblies and everything in them; commits once at the end."""
    rng = random.Random(seed)
    now = utcnow()
    out = Generated()
    password_hash = hash_password(PASSWORD)
    [out.organiser_id] = _insert(
        User,
        [
            {
                "email": f"organiser-{prefix}@council.example",
                "name": "Olu Organiser",
                "display_name": "Olu O.",
                "role": "organiser",
                "password_hash": password_hash,
            }
        ],
        returning=True,
    )
    for a in range(assemblies):
        slug = f"{prefix}-assembly-{a + 1}"
        [assembly_id] = _insert(
            Assembly,
            [
                {
                    "slug": slug,
                    "name": f"Assembly on climate and travel {a + 1}",
                    "topic_question": "How should the district reach net zero?",
                    "description": sentence(rng, 40),
                    "concluded_on": date(2025, 3, 1) + timedelta(days=a),
                    "is_public": True,
                    "show_discussion_publicly": True,
                    "first_response_due": date(2025, 9, 1),
                }
            ],
            returning=True,
        )
        out.assembly_slugs.append(slug)
        [officer_id] = _insert(
            User,
            [
                {
                    "email": f"officer-{prefix}-{a + 1}@council.example",
                    "name": f"Officer {a + 1}",
                    "display_name": f"Officer {a + 1}",
                    "role": "officer",
                    "department": rng.choice(DEPARTMENTS),
                    "password_hash": password_hash,
                }
            ],
            returning=True,
        )
        out.officer_ids.append(officer_id)
        member_ids = _insert(
            User,
            [
                {
                    "email": f"member-{prefix}-{a + 1}-{m + 1}@example.org",
                    "name": f"Member {m + 1} of {a + 1}",
                    "display_name": f"Member {m + 1}",
                    "role": "member",
                    "password_hash": password_hash,
                }
                for m in range(MEMBERS)
            ],
            returning=True,
        )
        out.member_ids.extend(member_ids)
        _insert(Membership, [{"user_id": m, "assembly_id": assembly_id} for m in member_ids])
        recommendation_ids = _insert(
            Recommendation,
            [
                {
                    "assembly_id": assembly_id,
                    "number": r + 1,
                    "title": sentence(rng, 8),
                    "text": sentence(rng, 60),
                    "theme": rng.choice(THEMES),
                    "lead_department": rng.choice(DEPARTMENTS),
                    "lead_officer_id": officer_id,
                    "support": rng.randint(60, 100),
                    "current_decision": rng.choice(DECISIONS),
                    "current_status": rng.choice(STATUSES),
                    "current_progress": rng.randint(0, 100),
                    "last_published_at": now - timedelta(days=rng.randint(1, 200)),
                    "next_report_due": date(2026, 1, 1) + timedelta(days=rng.randint(-90, 300)),
                    "version": ENTRIES + 1,
                }
                for r in range(RECOMMENDATIONS)
            ],
            returning=True,
        )
        entries = []
        for rec_id in recommendation_ids:
            for e in range(ENTRIES):
                published = now - timedelta(days=(ENTRIES - e) * 30)
                if e == 0:
                    entries.append(
                        {
                            "recommendation_id": rec_id,
                            "kind": "decision",
                            "author_id": officer_id,
                            "published_at": published,
                            "decision": rng.choice(DECISIONS),
                            "explanation": sentence(rng, 50),
                        }
                    )
                else:
                    entries.append(
                        {
                            "recommendation_id": rec_id,
                            "kind": "update",
                            "author_id": officer_id,
                            "published_at": published,
                            "status": rng.choice(STATUSES),
                            "progress": min(100, e * 10),
                            "summary": sentence(rng, 35),
                            "milestone": sentence(rng, 6),
                            "milestone_due": date(2026, 6, 1),
                        }
                    )
        entry_ids = _insert(ResponseEntry, entries, returning=True)
        decision_ids = entry_ids[::ENTRIES]
        comments, verdicts, questions, follows = [], [], [], []
        for index, rec_id in enumerate(recommendation_ids):
            decision_id = decision_ids[index]
            for _ in range(COMMENTS):
                comments.append(
                    {
                        "recommendation_id": rec_id,
                        "entry_id": decision_id,
                        "author_id": rng.choice(member_ids),
                        "body": sentence(rng, 30),
                    }
                )
            for voter in rng.sample(member_ids, VERDICTS):
                verdicts.append(
                    {
                        "entry_id": decision_id,
                        "user_id": voter,
                        "rating": rng.choice(RATINGS),
                        "reason": sentence(rng, 12),
                    }
                )
            for q in range(QUESTIONS):
                answered = q == 0
                questions.append(
                    {
                        "recommendation_id": rec_id,
                        "asked_by_id": rng.choice(member_ids),
                        "assigned_to_id": officer_id,
                        "body": sentence(rng, 20) + "?",
                        "due_on": date(2026, 2, 1),
                        "answer": sentence(rng, 30) if answered else None,
                        "answered_at": now if answered else None,
                        "answered_by_id": officer_id if answered else None,
                    }
                )
        for member_id in member_ids:
            for rec_id in rng.sample(recommendation_ids, FOLLOWS_PER_MEMBER):
                follows.append({"user_id": member_id, "recommendation_id": rec_id})
        _insert(Comment, comments)
        _insert(Verdict, verdicts)
        _insert(Question, questions)
        _insert(Follow, follows)
        out.rows += (
            2
            + len(member_ids) * 2
            + len(recommendation_ids)
            + len(entries)
            + len(comments)
            + len(verdicts)
            + len(questions)
            + len(follows)
        )
    db.session.commit()
    return out
