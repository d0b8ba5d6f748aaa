"""Organisers' work on recommendations themselves: adding, editing and choosing their lead.

Like the response services, nothing here commits: the caller does.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from portal import events
from portal.extensions import db
from portal.forms import has_line_break
from portal.models import Assembly, Recommendation, Role, User
from portal.problems import Problems
from portal.tracker import lead_answers
from portal.tracker.services import refresh_current_state

MAX_TITLE = 300
MAX_TEXT = 20_000
MAX_THEME = 120
MAX_DEPARTMENT = 120


def number_taken(assembly: Assembly, number: int, *, except_id: int | None = None) -> bool:
    query = select(Recommendation.id).where(
        Recommendation.assembly_id == assembly.id, Recommendation.number == number
    )
    if except_id is not None:
        query = query.where(Recommendation.id != except_id)
    return db.session.scalar(query) is not None


def next_free_number(assembly: Assembly) -> int:
    highest = db.session.scalar(
        select(func.max(Recommendation.number)).where(Recommendation.assembly_id == assembly.id)
    )
    return (highest or 0) + 1


def check_recommendation(
    assembly: Assembly,
    *,
    number: int | None,
    title: str,
    text: str,
    theme: str,
    support: int | None,
    except_id: int | None = None,
) -> dict[str, str]:
    problems = {}
    if number is None:
        problems["number"] = "Enter the recommendation’s number, like 7"
    elif number < 1 or number > 100_000:
        problems["number"] = "Number must be a whole number from 1 to 100,000"
    elif number_taken(assembly, number, except_id=except_id):
        problems["number"] = f"This assembly already has a recommendation {number}"
    if not (title or "").strip():
        problems["title"] = "Enter the recommendation’s title"
    elif len(title.strip()) > MAX_TITLE:
        problems["title"] = f"Title must be {MAX_TITLE} characters or fewer"
    elif has_line_break(title.strip()):
        problems["title"] = _("Title must be on one line: remove the line breaks")
    if len(text or "") > MAX_TEXT:
        problems["text"] = f"Full text must be {MAX_TEXT:,} characters or fewer"
    if len((theme or "").strip()) > MAX_THEME:
        problems["theme"] = f"Theme must be {MAX_THEME} characters or fewer"
    if support is not None and not 0 <= support <= 100:
        problems["support"] = "Support must be between 0 and 100"
    return problems


def add_recommendation(
    assembly: Assembly,
    *,
    number: int | None,
    title: str,
    text: str = "",
    theme: str = "",
    support: int | None = None,
) -> Recommendation:
    problems = check_recommendation(
        assembly, number=number, title=title, text=text, theme=theme, support=support
    )
    if problems:
        raise Problems(problems)
    recommendation = Recommendation(assembly_id=assembly.id, assembly=assembly, number=number)
    _fill(recommendation, title, text, theme, support)
    db.session.add(recommendation)
    db.session.flush()
    refresh_current_state(recommendation)
    return recommendation


def edit_recommendation(
    recommendation: Recommendation,
    *,
    number: int | None,
    title: str,
    text: str = "",
    theme: str = "",
    support: int | None = None,
) -> Recommendation:
    problems = check_recommendation(
        recommendation.assembly,
        number=number,
        title=title,
        text=text,
        theme=theme,
        support=support,
        except_id=recommendation.id,
    )
    if problems:
        raise Problems(problems)
    recommendation.number = number
    _fill(recommendation, title, text, theme, support)
    db.session.flush()
    return recommendation


def _fill(recommendation: Recommendation, title: str, text: str, theme: str, support) -> None:
    recommendation.title = title.strip()
    recommendation.text = (text or "").strip()
    recommendation.theme = (theme or "").strip()
    recommendation.support = support


def lead_candidates() -> list[User]:
    """Active officers, by name: the people a recommendation can be given to."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.OFFICER, User.is_active_account.is_(True))
            .order_by(func.lower(User.name), User.id)
        )
    )


def assign_lead(recommendation: Recommendation, officer: User | None, department: str) -> None:
    """Give the recommendation to ``officer`` (or to nobody) and record the lead department.

    An empty department takes the officer's own department.
    """
    problems = {}
    if officer is not None and (not officer.is_officer or not officer.is_active):
        problems["lead_officer"] = "Choose a council officer from the list"
    department = (department or "").strip() or (officer.department if officer else "") or ""
    if len(department) > MAX_DEPARTMENT:
        problems["lead_department"] = f"Department must be {MAX_DEPARTMENT} characters or fewer"
    if problems:
        raise Problems(problems)
    previous_id = recommendation.lead_officer_id
    recommendation.lead_officer_id = officer.id if officer else None
    recommendation.lead_officer = officer
    recommendation.lead_department = department
    if recommendation.lead_officer_id != previous_id:
        # The new lead is asked to accept it (portal.tracker.lead_answers).
        lead_answers.mark_assigned(recommendation)
    db.session.flush()
    if recommendation.lead_officer_id != previous_id:
        events.emit("leads_assigned", changes=[(recommendation, previous_id)])


def leading_or_able_to_lead_clause():
    """Officers, plus anyone else who currently leads a recommendation: the tracker's lead filter."""
    leading = select(Recommendation.lead_officer_id).where(
        Recommendation.lead_officer_id.is_not(None)
    )
    return or_(User.role == Role.OFFICER, User.id.in_(leading))
