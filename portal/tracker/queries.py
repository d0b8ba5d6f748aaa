"""Reading recommendations for the officers' and organisers' pages.

Every list is filtered, sorted and paginated in SQL on the stored current state, and loads each
row's assembly and lead officer in the same statement, so a page costs the same number of
queries whatever the number of recommendations or entries.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Case, Select, case, func, literal, select, union_all
from sqlalchemy.orm import contains_eager, selectinload

from portal.extensions import db
from portal.models import (
    Assembly,
    Decision,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.timeutil import today
from portal.tracker import lead_answers
from portal.tracker.deadlines import long_overdue_cutoff

PER_PAGE = 50
NONE = "none"
# The lead filter's other special values: leads who have not accepted yet, and those who have
# not answered for more than 10 working days (the organiser dashboard links to both).
UNCONFIRMED = "unconfirmed"
UNANSWERED = "unanswered"
DUE_SOON_DAYS = 30
OVERDUE_CHOICES = {
    "": _l("Any"),
    "overdue": _l("Overdue"),
    "long_overdue": _l("Long overdue"),
    "due_soon": _l("Due in the next 30 days"),
}


@dataclass(frozen=True)
class TrackerFilters:
    """What the tracker table shows, exactly as it appears in the query string."""

    assembly: str = ""
    department: str = ""
    lead: str = ""
    decision: str = ""
    status: str = ""
    overdue: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> TrackerFilters:
        values = {f.name: (args.get(f.name) or "").strip()[:200] for f in fields(cls)}
        if values["decision"] not in {*Decision, NONE, ""}:
            values["decision"] = ""
        if values["status"] not in {*ImplementationStatus, NONE, ""}:
            values["status"] = ""
        if values["overdue"] not in OVERDUE_CHOICES:
            values["overdue"] = ""
        if values["lead"] not in {NONE, UNCONFIRMED, UNANSWERED} and not (
            values["lead"].isdigit() and len(values["lead"]) < 10
        ):
            values["lead"] = ""
        return cls(**values)

    def as_args(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @property
    def active(self) -> bool:
        return bool(self.as_args())


def _ordinal(column, codes: Iterable[str]) -> Case:
    return case({code: index for index, code in enumerate(codes)}, value=column)


SORT_COLUMNS: dict[str, Callable[[], list]] = {
    "number": lambda: [Assembly.name, Recommendation.number],
    "title": lambda: [func.lower(Recommendation.title)],
    "lead": lambda: [func.lower(User.name)],
    "decision": lambda: [_ordinal(Recommendation.current_decision, Decision)],
    "status": lambda: [_ordinal(Recommendation.current_status, ImplementationStatus)],
    "progress": lambda: [Recommendation.current_progress],
    "due": lambda: [Recommendation.next_report_due],
    "published": lambda: [Recommendation.last_published_at],
}
SORT_LABELS = {
    "number": "Number",
    "title": "Recommendation",
    "lead": "Lead",
    "decision": "Decision",
    "status": "Status",
    "progress": "Progress",
    "due": "Next report due",
    "published": "Last published",
}


@dataclass(frozen=True)
class Sorting:
    column: str = "number"
    descending: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Sorting:
        column = args.get("sort") or "number"
        if column not in SORT_COLUMNS:
            column = "number"
        return cls(column, args.get("order") == "desc")

    def order_by(self) -> list:
        ordering = []
        for expression in SORT_COLUMNS[self.column]():
            expression = expression.desc() if self.descending else expression.asc()
            ordering.append(expression.nulls_last())
        return [*ordering, Assembly.name, Recommendation.number, Recommendation.id]


@dataclass
class Page:
    recommendations: list[Recommendation]
    total: int
    number: int
    pages: int
    per_page: int

    @property
    def first_row(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.number * self.per_page, self.total)


def _filtered(query: Select, filters: TrackerFilters) -> Select:
    if filters.assembly:
        query = query.where(Assembly.slug == filters.assembly)
    if filters.department:
        query = query.where(Recommendation.lead_department == filters.department)
    if filters.lead == NONE:
        query = query.where(Recommendation.lead_officer_id.is_(None))
    elif filters.lead == UNCONFIRMED:
        query = query.where(lead_answers.unconfirmed_clause())
    elif filters.lead == UNANSWERED:
        query = query.where(lead_answers.unanswered_clause())
    elif filters.lead:
        query = query.where(Recommendation.lead_officer_id == int(filters.lead))
    if filters.decision == NONE:
        query = query.where(Recommendation.current_decision.is_(None))
    elif filters.decision:
        query = query.where(Recommendation.current_decision == filters.decision)
    if filters.status == NONE:
        query = query.where(Recommendation.current_status.is_(None))
    elif filters.status:
        query = query.where(Recommendation.current_status == filters.status)
    if filters.overdue == "overdue":
        query = query.where(Recommendation.next_report_due < today())
    elif filters.overdue == "long_overdue":
        query = query.where(Recommendation.next_report_due < long_overdue_cutoff())
    elif filters.overdue == "due_soon":
        start, end = due_soon_window()
        query = query.where(Recommendation.next_report_due.between(start, end))
    return query


def due_soon_window(on: date | None = None) -> tuple[date, date]:
    """Reports due from today to ``DUE_SOON_DAYS`` days ahead, both days included."""
    on = on or today()
    return on, on + timedelta(days=DUE_SOON_DAYS)


def counts_by_assembly(filters: TrackerFilters) -> dict[int, int]:
    """How many recommendations the tracker table lists with ``filters``, per assembly id, in one
    grouped query (the organiser dashboard's figures link to those lists)."""
    query = _filtered(
        select(Recommendation.assembly_id, func.count(Recommendation.id)).join(
            Recommendation.assembly
        ),
        filters,
    ).group_by(Recommendation.assembly_id)
    return {assembly_id: count for assembly_id, count in db.session.execute(query)}


def _with_assembly_and_lead(query: Select) -> Select:
    return (
        query.join(Recommendation.assembly)
        .outerjoin(Recommendation.lead_officer)
        .options(
            contains_eager(Recommendation.assembly), contains_eager(Recommendation.lead_officer)
        )
    )


def _within(query: Select, assembly_ids: set[int] | None) -> Select:
    """Only these assemblies (``None``: every assembly)."""
    if assembly_ids is None:
        return query
    return query.where(Recommendation.assembly_id.in_(sorted(assembly_ids)))


def tracker_page(
    filters: TrackerFilters,
    sorting: Sorting,
    page: int = 1,
    per_page: int = PER_PAGE,
    *,
    within: set[int] | None = None,
) -> Page:
    """One page of the tracker table: every recommendation across assemblies (or only those
    ``within``), as filtered."""
    # One statement for the rows and how many match (a window count beside each row); only a
    # page past the end needs a second, to count them and show the last page instead.
    query = _within(
        _filtered(_with_assembly_and_lead(select(Recommendation, func.count().over())), filters),
        within,
    ).order_by(*sorting.order_by())

    def rows_of(number: int) -> list:
        return list(
            db.session.execute(query.limit(per_page).offset((number - 1) * per_page)).unique()
        )

    page = max(page, 1)
    rows = rows_of(page)
    if rows:
        total = rows[0][1]
    elif page == 1:
        total = 0
    else:
        total = db.session.scalar(
            _within(
                _filtered(
                    select(func.count(Recommendation.id)).join(Recommendation.assembly), filters
                ),
                within,
            )
        )
        page = max(1, math.ceil(total / per_page))
        rows = rows_of(page) if total else []
    pages = max(1, math.ceil(total / per_page))
    return Page([row[0] for row in rows], total, page, pages, per_page)


def led_by(user: User) -> list[Recommendation]:
    """The recommendations ``user`` leads, the report due soonest first."""
    return list(
        db.session.scalars(
            _with_assembly_and_lead(select(Recommendation))
            .where(Recommendation.lead_officer_id == user.id)
            .order_by(
                Recommendation.next_report_due.asc().nulls_last(),
                Assembly.name,
                Recommendation.number,
            )
        ).unique()
    )


def draft_counts(recommendation_ids: list[int]) -> dict[int, int]:
    if not recommendation_ids:
        return {}
    rows = db.session.execute(
        select(ResponseEntry.recommendation_id, func.count(ResponseEntry.id))
        .where(
            ResponseEntry.recommendation_id.in_(recommendation_ids),
            ResponseEntry.published_at.is_(None),
            ResponseEntry.submitted_at.is_(None),
        )
        .group_by(ResponseEntry.recommendation_id)
    )
    return dict(rows.all())


@dataclass(frozen=True)
class Choice:
    """An assembly (``slug`` set) or a person in the tracker's filter."""

    id: int
    name: str
    slug: str = ""


def filter_options(within: set[int] | None = None) -> dict[str, list]:
    """The filter's assemblies, lead departments and leads, as plain values (the tracker keeps
    them with ``caching.remembered``), in one statement."""
    from portal.tracker.recommendations import leading_or_able_to_lead_clause

    assemblies_query = select(
        literal("assembly").label("kind"),
        Assembly.id.label("id"),
        Assembly.name.label("name"),
        Assembly.slug.label("slug"),
        Assembly.name.label("sort"),
    )
    if within is not None:
        assemblies_query = assemblies_query.where(Assembly.id.in_(sorted(within)))
    departments_query = (
        select(
            literal("department"),
            literal(0),
            Recommendation.lead_department,
            literal(""),
            Recommendation.lead_department,
        )
        .where(Recommendation.lead_department != "")
        .group_by(Recommendation.lead_department)
    )
    leads_query = select(
        literal("lead"), User.id, User.name, literal(""), func.lower(User.name)
    ).where(leading_or_able_to_lead_clause())
    options: dict[str, list] = {"assemblies": [], "departments": [], "leads": []}
    everything = union_all(assemblies_query, departments_query, leads_query).subquery()
    for kind, id_, name, slug, _sort in db.session.execute(
        select(everything).order_by(everything.c.kind, everything.c.sort, everything.c.id)
    ):
        if kind == "assembly":
            options["assemblies"].append(Choice(id_, name, slug))
        elif kind == "department":
            options["departments"].append(name)
        else:
            options["leads"].append(Choice(id_, name))
    return options


def recommendation_or_none(slug: str, number: int) -> Recommendation | None:
    return db.session.scalar(
        _with_assembly_and_lead(select(Recommendation)).where(
            Assembly.slug == slug, Recommendation.number == number
        )
    )


def entries_of(recommendation: Recommendation) -> list[ResponseEntry]:
    """Every entry, published and draft, with its author and evidence, newest first."""
    return list(
        db.session.scalars(
            select(ResponseEntry)
            .where(ResponseEntry.recommendation_id == recommendation.id)
            .options(selectinload(ResponseEntry.author), selectinload(ResponseEntry.evidence))
            .order_by(
                ResponseEntry.published_at.desc().nulls_first(),
                ResponseEntry.updated_at.desc(),
                ResponseEntry.id.desc(),
            )
        )
    )
