"""Lists: an officer's recommendations and the tracker table with its filters."""

from __future__ import annotations

from flask import get_template_attribute, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from portal import caching
from portal.actions.services import missed_by_recommendation
from portal.models import Decision, ImplementationStatus
from portal.pagination import page_number
from portal.permissions import (
    can_manage_recommendations,
    internal_required,
    staff_required,
    tracker_assembly_ids,
)
from portal.scrutiny.questions import open_questions_for
from portal.timeutil import today
from portal.tracker import officer_home, queries
from portal.tracker.deadlines import Lateness, lateness
from portal.tracker.queries import (
    NONE,
    OVERDUE_CHOICES,
    SORT_LABELS,
    UNANSWERED,
    UNCONFIRMED,
    Sorting,
    TrackerFilters,
)
from portal.tracker.routes import bp


@bp.route("/mine")
@staff_required
def my_recommendations():
    rows = queries.led_by(current_user)
    late = [lateness(rec.next_report_due) for rec in rows]
    questions = open_questions_for(current_user)
    return render_template(
        "tracker/my_recommendations.html",
        title=_("My recommendations"),
        recommendations=rows,
        drafts=queries.draft_counts([rec.id for rec in rows]),
        missed=missed_by_recommendation([rec.id for rec in rows]),
        questions=questions,
        due_next=officer_home.due_next(rows, questions),
        activity=officer_home.recent_activity(current_user),
        recent_days=officer_home.RECENT_DAYS,
        today=today(),
        lateness_warning=_lateness_warning(
            overdue=late.count(Lateness.OVERDUE), long_overdue=late.count(Lateness.LONG_OVERDUE)
        ),
    )


def _lateness_warning(*, overdue: int, long_overdue: int) -> str:
    """'2 reports are overdue and 1 is long overdue (more than 3 months late). ...'"""
    if not overdue and not long_overdue:
        return ""
    parts = []
    if overdue:
        parts.append(f"{overdue} report{' is' if overdue == 1 else 's are'} overdue")
    if long_overdue:
        noun = "" if overdue else f" report{'' if long_overdue == 1 else 's'}"
        verb = "is" if long_overdue == 1 else "are"
        parts.append(f"{long_overdue}{noun} {verb} long overdue (more than 3 months late)")
    total = overdue + long_overdue
    return (
        " and ".join(parts)
        + f". Publish a decision or a progress update to bring {'it' if total == 1 else 'them'} up to date."
    )


@bp.route("/")
@internal_required
def table():
    filters = TrackerFilters.from_args(request.args)
    sorting = Sorting.from_args(request.args)
    within = tracker_assembly_ids(current_user)
    page = queries.tracker_page(filters, sorting, page_number(), within=within)
    options, selects = _filter(filters, within)
    chosen_assembly = next((a for a in options["assemblies"] if a.slug == filters.assembly), None)

    def link(**changes) -> str:
        args = {**filters.as_args(), "sort": sorting.column}
        if sorting.descending:
            args["order"] = "desc"
        args.update(changes)
        return url_for("tracker.table", **{k: v for k, v in args.items() if v})

    headers = []
    for column, label in SORT_LABELS.items():
        current = sorting.column == column
        descending_next = current and not sorting.descending
        headers.append(
            {
                "label": label,
                "href": link(sort=column, order="desc" if descending_next else None, page=None),
                "aria_sort": (
                    ("descending" if sorting.descending else "ascending") if current else None
                ),
                "numeric": column == "progress",
            }
        )
    return render_template(
        "tracker/table.html",
        title="Tracker: all recommendations",
        page=page,
        filters=filters,
        sorting=sorting,
        headers=headers,
        selects=selects,
        chosen_assembly=chosen_assembly,
        pagination=_pagination(page, lambda number: link(page=number if number > 1 else None)),
        can_manage=can_manage_recommendations(current_user),
        show_assembly=not filters.assembly and len(options["assemblies"]) > 1,
    )


def _filter(filters: TrackerFilters, within: set[int] | None) -> tuple[dict, list[Markup]]:
    """The filter's choices and its drop-down lists as HTML, with what ``filters`` chose.

    With hundreds of assemblies and officers the lists are most of the page, and the GOV.UK
    select macro renders each option through several macros: so the lists are rendered once,
    with nothing chosen, and kept with their choices until the next change anywhere
    (``caching.remembered``); each request only marks its chosen options. The HTML is exactly
    the macro's.
    """
    key = "tracker-filter:{}:{}".format(
        get_locale(), "all" if within is None else ",".join(map(str, sorted(within)))
    )
    options, rendered = caching.remembered(key, lambda: _render_filter(within))
    return options, [_with_chosen(html, getattr(filters, name)) for name, html in rendered]


def _render_filter(within: set[int] | None) -> tuple[dict, list[tuple[str, str]]]:
    options = queries.filter_options(within)
    govuk_select = get_template_attribute(
        "govuk_frontend_jinja/components/select/macro.html", "govukSelect"
    )
    return options, [
        (params["name"], str(govuk_select(params))) for params in _filter_selects(options)
    ]


def _with_chosen(html: str, value: str) -> Markup:
    """The rendered list with the option of ``value`` selected, as the macro marks it."""
    option = f'<option value="{escape(value)}">'
    return Markup(html.replace(option, option[:-1] + " selected>", 1))  # noqa: S704


def _filter_selects(options: dict) -> list[dict]:
    """The GOV.UK select macro's parameters for each list of the filter, nothing chosen."""

    def select(name, label, choices):
        return {
            "id": f"filter-{name}",
            "name": name,
            "label": {"text": label},
            "items": [{"value": code, "text": text, "selected": False} for code, text in choices],
        }

    return [
        select(
            "assembly",
            "Assembly",
            [("", "All assemblies")] + [(a.slug, a.name) for a in options["assemblies"]],
        ),
        select(
            "department",
            "Lead department",
            [("", "All departments")] + [(d, d) for d in options["departments"]],
        ),
        select(
            "lead",
            "Lead officer",
            [
                ("", "Everyone"),
                (NONE, "No lead officer"),
                (UNCONFIRMED, _("Lead not yet confirmed")),
                (UNANSWERED, _("No answer from the lead after 10 working days")),
            ]
            + [(str(user.id), user.name) for user in options["leads"]],
        ),
        select(
            "decision",
            "Decision",
            [
                ("", "Any decision"),
                (NONE, "No decision yet"),
                *((code.value, code.label) for code in Decision),
            ],
        ),
        select(
            "status",
            "Status",
            [
                ("", "Any status"),
                (NONE, "No update yet"),
                *((code.value, code.label) for code in ImplementationStatus),
            ],
        ),
        select("overdue", "Reporting", list(OVERDUE_CHOICES.items())),
    ]


def _pagination(page: queries.Page, href) -> dict | None:
    if page.pages <= 1:
        return None
    wanted = {1, page.pages, page.number - 1, page.number, page.number + 1}
    items, previous = [], 0
    for number in sorted(n for n in wanted if 1 <= n <= page.pages):
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
        previous = number
    params = {"items": items, "landmarkLabel": "Pages of recommendations"}
    if page.number > 1:
        params["previous"] = {"href": href(page.number - 1)}
    if page.number < page.pages:
        params["next"] = {"href": href(page.number + 1)}
    return params
