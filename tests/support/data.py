"""Test data from plain functions with sensible defaults. Each commits and returns what it made.

``create_*`` write rows directly; ``decided`` and ``updated`` publish through the tracker's
services, as an officer would; ``create_members`` and ``bulk_history`` write in bulk for the
tests that need big audiences or long histories.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, insert, select

from portal.auth.passwords import hash_password
from portal.auth.services import default_display_name
from portal.extensions import db
from portal.models import (
    Action,
    Assembly,
    EvidenceLink,
    Membership,
    Organisation,
    OrganisationKind,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.timeutil import utcnow
from portal.tracker.services import publish_decision, publish_update, refresh_current_state

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


def create_organisation(
    name: str | None = None, *, kind: str = "voluntary", **fields
) -> Organisation:
    organisation = Organisation(
        name=name or f"Organisation {next(_sequence)}",
        kind=OrganisationKind(kind),
        website=fields.pop("website", "https://example.org"),
        description=fields.pop("description", "Works with the council on housing."),
        **fields,
    )
    db.session.add(organisation)
    db.session.commit()
    return organisation


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


def create_members(assembly, count: int, *, prefix: str = "member", **fields) -> list[int]:
    """``count`` members of ``assembly`` written in bulk (big audiences without slow factories)."""
    now = utcnow()
    rows = [
        {
            "email": f"{prefix}{n}@example.org",
            "name": f"Member {n}",
            "display_name": f"Member {n}",
            "role": "member",
            "session_token": f"t{n}",
            "is_active_account": True,
            "email_frequency": "immediately",
            "bulletins_opt_in": True,
            "reply_emails": True,
            "reminder_emails": True,
            "created_at": now,
            **fields,
        }
        for n in range(count)
    ]
    db.session.execute(insert(User), rows)
    ids = list(db.session.scalars(select(User.id).where(User.email.like(f"{prefix}%@example.org"))))
    db.session.execute(
        insert(Membership),
        [{"user_id": user_id, "assembly_id": assembly.id, "joined_at": now} for user_id in ids],
    )
    db.session.commit()
    return ids


def _dated(entry: ResponseEntry, recommendation: Recommendation, days_ago: int) -> ResponseEntry:
    entry.published_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
    refresh_current_state(recommendation)
    db.session.commit()
    return entry


def decided(recommendation, author, *, days_ago: int = 0, **fields) -> ResponseEntry:
    """Publish a decision through the tracker, as if it had been published ``days_ago``."""
    return _dated(publish_decision(recommendation, author, **fields), recommendation, days_ago)


def updated(recommendation, author, *, days_ago: int = 0, **fields) -> ResponseEntry:
    """Publish a progress update through the tracker, as if published ``days_ago``."""
    fields.setdefault("summary", "Work has started.")
    fields.setdefault("status", "in_progress")
    fields.setdefault("progress", 40)
    return _dated(publish_update(recommendation, author, **fields), recommendation, days_ago)


def bulk_history(recommendation: Recommendation, updates: int, *, start_days_ago: int = 900):
    """A decision, ``updates`` updates with evidence and a correction, written directly (fast)."""
    when = utcnow() - timedelta(days=start_days_ago)
    decision = ResponseEntry(
        recommendation_id=recommendation.id,
        kind="decision",
        decision="modified",
        explanation="Changed to fit the budget. Cabinet agreed this in March.",
        published_at=when,
    )
    db.session.add(decision)
    db.session.flush()
    entries = [decision]
    for index in range(updates):
        entry = ResponseEntry(
            recommendation_id=recommendation.id,
            kind="update",
            status="in_progress",
            progress=min(100, index * 3),
            summary=f"Update {index}",
            milestone="Next step",
            milestone_due=(when + timedelta(days=400)).date(),
            published_at=when + timedelta(days=index + 1),
            evidence=[
                EvidenceLink(title=f"Report {index}", url="https://example.org/r", position=0)
            ],
        )
        if index == updates - 1 and updates > 1:
            entry.corrects_id = entries[-1].id
            entry.correction_note = "The previous figure was wrong."
        db.session.add(entry)
        db.session.flush()
        entries.append(entry)
    recommendation.current_decision = "modified"
    recommendation.current_status = "in_progress" if updates else None
    recommendation.current_progress = entries[-1].progress if updates else None
    recommendation.last_published_at = entries[-1].published_at
    recommendation.next_report_due = (entries[-1].published_at + timedelta(days=365)).date()
    return entries


def count(model, *where) -> int:
    """How many rows of ``model`` match ``where``."""
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def fresh(instance):
    """Reload ``instance`` after the app changed it in another session."""
    db.session.expire_all()
    return db.session.get(type(instance), instance.id)


def create_decision_point(
    assembly: Assembly,
    recommendations: list[Recommendation],
    *,
    starts_at: datetime | None = None,
    days_from_now: int = 20,
    body: str = "cabinet",
    body_name: str = "",
    what: str = "Cabinet decides whether to fund it.",
    papers_url: str | None = "https://democracy.example.org/cabinet",
    outcome: str = "",
):
    """A decision point (UTC ``starts_at``, else ``days_from_now`` at 18:30 UTC)."""
    from portal.models import DecisionPoint

    when = starts_at or datetime.combine(date.today() + timedelta(days=days_from_now), time(18, 30))
    point = DecisionPoint(
        assembly_id=assembly.id,
        body=body,
        body_name=body_name,
        starts_at=when,
        what=what,
        papers_url=papers_url,
        outcome=outcome,
        outcome_recorded_at=when + timedelta(days=1) if outcome else None,
        recommendations=list(recommendations),
    )
    db.session.add(point)
    db.session.commit()
    return point


def create_action(
    recommendation: Recommendation,
    *,
    title: str = "Agree the bus contract",
    owner: str = "Transport department",
    due_on: date | None = None,
    status: str = "not_started",
    progress: int = 0,
    moved_on: date | None = None,
) -> Action:
    """An action written directly, with the recommendation's roll-up worked out again."""
    from portal.actions.services import refresh_actions_progress

    action = Action(
        recommendation_id=recommendation.id,
        title=title,
        owner=owner,
        due_on=due_on,
        status=status,
        progress=progress,
        moved_on=moved_on,
    )
    db.session.add(action)
    db.session.flush()
    refresh_actions_progress(recommendation)
    db.session.commit()
    return action
