"""Internal notes on a recommendation: dated, signed by name, in Markdown, for staff only.

Nothing in this module is ever read by the public pages, open data, public reports or member
emails; the staff spreadsheet shows each recommendation's latest note
(:func:`latest_notes`).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import InternalNote, Recommendation, User
from portal.permissions import can_add_internal_note
from portal.problems import Problems, check_text

MAX_NOTE_LENGTH = 5000


def notes_of(recommendation: Recommendation) -> list[InternalNote]:
    """Newest first."""
    return list(
        db.session.scalars(
            select(InternalNote)
            .where(InternalNote.recommendation_id == recommendation.id)
            .order_by(InternalNote.created_at.desc(), InternalNote.id.desc())
        )
    )


def add_note(recommendation: Recommendation, author: User, body: str | None) -> InternalNote:
    """Add a note signed by ``author``; the caller commits. Raises :class:`Problems` for an empty
    or overlong note, and ``PermissionError`` for someone who may not add one."""
    if not can_add_internal_note(author, recommendation.assembly):
        raise PermissionError("not allowed to add an internal note")
    problems = check_text(
        body,
        field="note_body",
        empty=_("Enter your note"),
        limit=MAX_NOTE_LENGTH,
        name=_("Your note"),
    )
    if problems:
        raise Problems(problems)
    note = InternalNote(
        recommendation_id=recommendation.id,
        author_id=author.id,
        author_name=author.name,
        body=(body or "").strip(),
    )
    db.session.add(note)
    db.session.flush()
    return note


def latest_notes(recommendation_ids: Iterable[int]) -> dict[int, InternalNote]:
    """Each recommendation's newest note, in one query."""
    ids = list(recommendation_ids)
    if not ids:
        return {}
    newest = (
        select(func.max(InternalNote.id).label("id"))
        .where(InternalNote.recommendation_id.in_(ids))
        .group_by(InternalNote.recommendation_id)
        .subquery()
    )
    notes = db.session.scalars(select(InternalNote).join(newest, InternalNote.id == newest.c.id))
    return {note.recommendation_id: note for note in notes}
