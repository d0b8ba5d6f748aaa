"""Test data from plain functions with sensible defaults. Each commits and returns the object."""

from __future__ import annotations

import itertools
from datetime import date

from portal.auth.passwords import hash_password
from portal.auth.services import default_display_name
from portal.extensions import db
from portal.models import Assembly, Membership, Recommendation, ResponseEntry, User
from portal.timeutil import utcnow

PASSWORD = "correct horse battery"  # noqa: S105
_sequence = itertools.count(1)
_password_hash = None


def _hashed(password: str) -> str:
    global _password_hash
    if password == PASSWORD:
        if _password_hash is None:
            _password_hash = hash_password(PASSWORD)
        return _password_hash
    return hash_password(password)


def create_assembly(
    slug: str | None = None,
    *,
    name: str | None = None,
    public: bool = True,
    concluded_on: date | None = date(2025, 6, 14),
    **fields,
) -> Assembly:
    n = next(_sequence)
    assembly = Assembly(
        slug=slug or f"assembly-{n}",
        name=name or f"Test Assembly {n}",
        is_public=public,
        concluded_on=concluded_on,
        **fields,
    )
    db.session.add(assembly)
    db.session.commit()
    return assembly


def create_user(
    email: str | None = None,
    *,
    role: str = "member",
    name: str | None = None,
    password: str | None = PASSWORD,
    assemblies: list[Assembly] = (),
    **fields,
) -> User:
    n = next(_sequence)
    name = name or f"Person {n} Tester"
    user = User(
        email=email or f"person{n}@example.org",
        name=name,
        display_name=fields.pop("display_name", default_display_name(name)),
        role=role,
        password_hash=_hashed(password) if password else None,
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    for assembly in assemblies:
        db.session.add(Membership(user_id=user.id, assembly_id=assembly.id))
    db.session.commit()
    return user


def create_recommendation(
    assembly: Assembly,
    number: int | None = None,
    *,
    title: str | None = None,
    lead_officer: User | None = None,
    **fields,
) -> Recommendation:
    n = next(_sequence)
    recommendation = Recommendation(
        assembly_id=assembly.id,
        number=number if number is not None else n,
        title=title or f"Recommendation {n}",
        text=fields.pop("text", "The council should do something useful."),
        theme=fields.pop("theme", "Travel"),
        lead_department=fields.pop("lead_department", "Transport"),
        lead_officer_id=lead_officer.id if lead_officer else None,
        next_report_due=fields.pop("next_report_due", assembly.effective_first_response_due),
        **fields,
    )
    db.session.add(recommendation)
    db.session.commit()
    return recommendation


def create_entry(
    recommendation: Recommendation,
    *,
    kind: str = "decision",
    author: User | None = None,
    published: bool = True,
    **fields,
) -> ResponseEntry:
    """A response entry written directly (tests of pages that only read them)."""
    now = utcnow()
    if kind == "decision":
        fields.setdefault("decision", "accepted")
    else:
        fields.setdefault("status", "in_progress")
        fields.setdefault("progress", 50)
        fields.setdefault("summary", "Work has started.")
    entry = ResponseEntry(
        recommendation_id=recommendation.id,
        kind=kind,
        author_id=author.id if author else None,
        published_at=fields.pop("published_at", now if published else None),
        **fields,
    )
    db.session.add(entry)
    db.session.commit()
    return entry
