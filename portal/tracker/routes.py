"""Officers' and organisers' pages: my recommendations, the tracker table and the workspace."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.extensions import db, limiter
from portal.forms import PortalForm
from portal.links import workspace_url
from portal.mail.notifications import entry_audience
from portal.models import (
    Assembly,
    Decision,
    EntryKind,
    ImplementationStatus,
    Recommendation,
    ResponseEntry,
    User,
)
from portal.pagination import page_number
from portal.permissions import (
    can_close,
    can_manage_recommendations,
    can_reopen,
    can_respond_to,
    organiser_required,
    staff_required,
)
from portal.problems import Problems
from portal.scrutiny.questions import open_questions_for
from portal.templating import format_date
from portal.timeutil import today
from portal.tracker import closing, queries, recommendations, services
from portal.tracker.deadlines import Lateness, lateness
from portal.tracker.forms import (
    CLOSURE_HINTS,
    DECISION_HINTS,
    CloseForm,
    DecisionForm,
    DiscardDraftForm,
    LeadForm,
    RecommendationForm,
    ReopenForm,
    UpdateForm,
)
from portal.tracker.queries import NONE, OVERDUE_CHOICES, SORT_LABELS, Sorting, TrackerFilters

bp = Blueprint("tracker", __name__)

CONFLICT_MESSAGE = "Someone else changed this recommendation while you were editing"


def _posting_key() -> str:
    if current_user.is_authenticated:
        return f"tracker-user:{current_user.id}"
    return f"tracker-ip:{get_remote_address()}"


posting_limit = limiter.limit(
    lambda: current_app.config["RATELIMIT_TRACKER_POSTS"],
    key_func=_posting_key,
    methods=["POST"],
)


# -- Lists ---------------------------------------------------------------------------------


@bp.route("/mine")
@staff_required
def my_recommendations():
    rows = queries.led_by(current_user)
    late = [lateness(rec.next_report_due) for rec in rows]
    return render_template(
        "tracker/my_recommendations.html",
        title="My recommendations",
        recommendations=rows,
        drafts=queries.draft_counts([rec.id for rec in rows]),
        questions=open_questions_for(current_user),
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
@staff_required
def table():
    filters = TrackerFilters.from_args(request.args)
    sorting = Sorting.from_args(request.args)
    page = queries.tracker_page(filters, sorting, page_number())
    options = queries.filter_options()
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
        selects=_filter_selects(filters, options),
        chosen_assembly=chosen_assembly,
        pagination=_pagination(page, lambda number: link(page=number if number > 1 else None)),
        can_manage=can_manage_recommendations(current_user),
        show_assembly=not filters.assembly and len(options["assemblies"]) > 1,
    )


def _filter_selects(filters: TrackerFilters, options: dict) -> list[dict]:
    def select(name, label, choices):
        value = getattr(filters, name)
        return {
            "id": f"filter-{name}",
            "name": name,
            "label": {"text": label},
            "items": [
                {"value": code, "text": text, "selected": code == value} for code, text in choices
            ],
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
            [("", "Everyone"), (NONE, "No lead officer")]
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


# -- The workspace -------------------------------------------------------------------------


LARGEST_ID = 2**31 - 1


def _recommendation_or_404(slug: str, number: int) -> Recommendation:
    if number > LARGEST_ID:
        abort(404)
    return queries.recommendation_or_none(slug, number) or abort(404)


def _entry_or_404(recommendation: Recommendation, entry_id: int) -> ResponseEntry:
    entry = db.session.get(ResponseEntry, entry_id) if entry_id <= LARGEST_ID else None
    if entry is None or entry.recommendation_id != recommendation.id:
        abort(404)
    return entry


def _require_respond(recommendation: Recommendation) -> None:
    if not can_respond_to(current_user, recommendation):
        abort(403)


def _fresh_decision_form(recommendation: Recommendation) -> DecisionForm:
    form = DecisionForm(formdata=None)
    form.decision_version.data = str(recommendation.version)
    return form


def _fresh_update_form(recommendation: Recommendation) -> UpdateForm:
    form = UpdateForm(formdata=None)
    form.update_version.data = str(recommendation.version)
    return form


def _render_workspace(
    recommendation: Recommendation,
    *,
    decision_form: DecisionForm | None = None,
    update_form: UpdateForm | None = None,
    submitted=None,
    conflict: bool = False,
    conflict_detail: str = "",
):
    entries = queries.entries_of(recommendation)
    published = [entry for entry in entries if entry.is_published]
    corrected_by = {entry.corrects_id: entry for entry in published if entry.corrects_id}
    can_respond = can_respond_to(current_user, recommendation)
    return render_template(
        "tracker/workspace.html",
        title=f"{'Error: ' if conflict else ''}Respond to recommendation {recommendation.number}: {recommendation.title}",
        recommendation=recommendation,
        published=published,
        by_id={entry.id: entry for entry in published},
        corrected_by=corrected_by,
        drafts=[entry for entry in entries if not entry.is_published] if can_respond else [],
        can_respond=can_respond,
        can_close=can_close(current_user, recommendation) and not recommendation.is_closed,
        can_reopen=can_reopen(current_user, recommendation) and recommendation.is_closed,
        can_manage=can_manage_recommendations(current_user),
        decision_form=decision_form or _fresh_decision_form(recommendation),
        update_form=update_form or _fresh_update_form(recommendation),
        decision_hints=DECISION_HINTS,
        form=submitted,
        conflict=conflict,
        conflict_message=CONFLICT_MESSAGE,
        conflict_detail=conflict_detail,
    )


@bp.route("/assemblies/<slug>/recommendations/<int:number>")
@staff_required
def workspace(slug: str, number: int):
    return _render_workspace(_recommendation_or_404(slug, number))


def _version(text: str | None) -> int:
    """The version the form was opened at; a missing one never matches, so nothing is overwritten."""
    return int(text) if text and text.isdigit() and len(text) < 10 else -1


def _decision_values(form: DecisionForm) -> dict:
    return {
        "decision": form.decision.data or None,
        "explanation": form.explanation.data or "",
        "referred_to": form.referred_to.data or None,
    }


def _update_values(form: UpdateForm) -> dict:
    return {
        "status": form.status.data or None,
        "progress": form.progress_value(),
        "summary": form.summary.data or "",
        "milestone": form.milestone.data or None,
        "milestone_due": form.milestone_due.data,
        "evidence": form.evidence_links(),
    }


PUBLISH, CHECK, CHANGE, DRAFT = "publish", "check", "change", "draft"


def _action() -> str:
    """What the officer pressed. The form's main button (and pressing Enter) asks for the check
    step; only the check step's own button publishes."""
    action = request.form.get("action", "")
    return action if action in {PUBLISH, CHANGE, DRAFT} else CHECK


def _save(
    recommendation: Recommendation,
    kind: str,
    form: DecisionForm | UpdateForm,
    *,
    draft: ResponseEntry | None = None,
    corrects: ResponseEntry | None = None,
) -> str:
    """Check, publish, or save as a draft, what the form holds.

    Returns ``check`` (show the check step), ``published``, ``drafted``, ``change`` (back to
    the form from the check step), ``problems`` (shown on the form) or ``conflict``.
    """
    action = _action()
    if action == CHANGE:
        return CHANGE
    publishing = action != DRAFT
    form.validate()
    check: Callable[..., dict[str, str]]
    if kind == EntryKind.DECISION:
        values, version_field = _decision_values(form), form.decision_version
        check = (
            partial(services.check_decision, title=recommendation.title)
            if publishing
            else services.check_decision_draft
        )
    else:
        values, version_field = _update_values(form), form.update_version
        check = services.check_update if publishing else services.check_update_draft
    note = form.correction_note.data or ""
    if form.errors:
        problems = check(**values)
        if publishing and corrects is not None and not note:
            problems["correction_note"] = "Say what this corrects and why"
        form.apply_problems(problems)
        return "problems"
    if action == CHECK:
        problems = (
            services.decision_problems if kind == EntryKind.DECISION else services.update_problems
        )(recommendation, **values, corrects=corrects, correction_note=note, draft=draft)
        if problems:
            form.apply_problems(problems)
            return "problems"
        if _version(version_field.data) != recommendation.version:
            version_field.data = str(recommendation.version)
            return "conflict"
        return CHECK
    if kind == EntryKind.DECISION:
        action_function = services.publish_decision if publishing else services.save_decision_draft
    else:
        action_function = services.publish_update if publishing else services.save_update_draft
    try:
        action_function(
            recommendation,
            current_user,
            **values,
            corrects=corrects,
            correction_note=note,
            expected_version=_version(version_field.data),
            draft=draft,
        )
    except Problems as error:
        form.apply_problems(error.problems)
        return "problems"
    except services.ConflictError:
        version_field.data = str(recommendation.version)
        return "conflict"
    db.session.commit()
    return "published" if publishing else "drafted"


def _render_check(
    recommendation: Recommendation,
    form: DecisionForm | UpdateForm,
    kind: str,
    *,
    corrects: ResponseEntry | None = None,
):
    """The check step for a decision, an update or a correction."""
    values = _decision_values(form) if kind == EntryKind.DECISION else _update_values(form)
    entry = services.preview_entry(
        recommendation,
        current_user,
        EntryKind(kind),
        values,
        corrects=corrects,
        correction_note=form.correction_note.data or "",
    )
    texts = {
        EntryKind.DECISION: (
            _("Check your decision"),
            _("Change your decision"),
            _("Publish decision"),
        ),
        EntryKind.UPDATE: (
            _("Check your progress update"),
            _("Change your progress update"),
            _("Publish progress update"),
        ),
    }
    heading, change_text, publish_text = texts[EntryKind(kind)]
    if corrects is not None:
        heading = _("Check your correction")
        change_text, publish_text = _("Change your correction"), _("Publish correction")
    on_workspace = corrects is None and request.endpoint == f"tracker.post_{kind}"
    return render_check_step(
        recommendation,
        entry,
        corrects=corrects,
        heading=heading,
        change_text=change_text,
        publish_text=publish_text,
        kind_name=_("decision") if kind == EntryKind.DECISION else _("progress update"),
        change_anchor=("#write-decision" if kind == EntryKind.DECISION else "#write-update")
        if on_workspace
        else "",
        can_draft=True,
    )


def render_check_step(
    recommendation: Recommendation,
    entry: ResponseEntry,
    *,
    heading: str,
    change_text: str,
    publish_text: str,
    kind_name: str,
    corrects: ResponseEntry | None = None,
    change_anchor: str = "",
    can_draft: bool = False,
):
    """The check step before anything is published: ``entry`` (never saved) as the public will
    see it, how many people will be emailed, and a button that publishes exactly what was checked
    (the submitted values travel in hidden fields and are checked again when it is pressed)."""
    from portal.public.record import TimelineEntry  # the public page's own entry view

    public_url = url_for(
        "public.recommendation", slug=recommendation.assembly.slug, number=recommendation.number
    )
    carried = [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in {"csrf_token", "action"}
    ]
    return render_template(
        "tracker/check.html",
        title=heading,
        heading=heading,
        change_text=change_text,
        publish_text=publish_text,
        kind_name=kind_name,
        can_draft=can_draft,
        recommendation=recommendation,
        item=TimelineEntry(entry, corrects=corrects),
        corrects_href=f"{public_url}#entry-{corrects.id}" if corrects else None,
        audience=entry_audience(recommendation),
        carried=carried,
        change_anchor=change_anchor,
        check_form=PortalForm(formdata=None),
    )


def _after_save(recommendation: Recommendation, kind: str, outcome: str, corrects=None):
    name = EntryKind(kind).label
    if outcome == "published":
        what = f"correction to the {name}" if corrects is not None else name
        flash(f"Your {what} has been published.", "success")
    else:
        flash(
            f"Your draft {name} has been saved. Nobody outside the council sees it until you publish it.",
            "success",
        )
    return redirect(workspace_url(recommendation))


@bp.route("/assemblies/<slug>/recommendations/<int:number>/decision", methods=["POST"])
@posting_limit
@staff_required
def post_decision(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    _require_respond(recommendation)
    form = DecisionForm()
    outcome = _save(recommendation, EntryKind.DECISION, form)
    if outcome in {"published", "drafted"}:
        return _after_save(recommendation, EntryKind.DECISION, outcome)
    if outcome == CHECK:
        return _render_check(recommendation, form, EntryKind.DECISION)
    return _render_workspace(
        recommendation,
        decision_form=form,
        submitted=None if outcome == CHANGE else form,
        conflict=outcome == "conflict",
    )


@bp.route("/assemblies/<slug>/recommendations/<int:number>/update", methods=["POST"])
@posting_limit
@staff_required
def post_update(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    _require_respond(recommendation)
    form = UpdateForm()
    outcome = _save(recommendation, EntryKind.UPDATE, form)
    if outcome in {"published", "drafted"}:
        return _after_save(recommendation, EntryKind.UPDATE, outcome)
    if outcome == CHECK:
        return _render_check(recommendation, form, EntryKind.UPDATE)
    return _render_workspace(
        recommendation,
        update_form=form,
        submitted=None if outcome == CHANGE else form,
        conflict=outcome == "conflict",
    )


def _still_exists(entry_id: int) -> bool:
    return (
        db.session.scalar(select(ResponseEntry.id).where(ResponseEntry.id == entry_id)) is not None
    )


def _submitted_form(kind: str) -> DecisionForm | UpdateForm:
    return DecisionForm() if kind == EntryKind.DECISION else UpdateForm()


def _form_filled_from(entry: ResponseEntry, version: int) -> DecisionForm | UpdateForm:
    """A form holding ``entry``'s values: a draft to edit, or an entry to correct."""
    if entry.kind == EntryKind.DECISION:
        form = DecisionForm(formdata=None)
        form.decision.data = entry.decision
        form.explanation.data = entry.explanation
        form.referred_to.data = entry.referred_to
        form.decision_version.data = str(version)
    else:
        form = UpdateForm(formdata=None)
        form.status.data = entry.status
        form.progress.data = "" if entry.progress is None else str(entry.progress)
        form.summary.data = entry.summary
        form.milestone.data = entry.milestone
        form.milestone_due.data = entry.milestone_due
        form.fill_evidence(entry.evidence)
        form.update_version.data = str(version)
    return form


@bp.route(
    "/assemblies/<slug>/recommendations/<int:number>/drafts/<int:entry_id>",
    methods=["GET", "POST"],
)
@posting_limit
@staff_required
def edit_draft(slug: str, number: int, entry_id: int):
    recommendation = _recommendation_or_404(slug, number)
    _require_respond(recommendation)
    draft = _unpublished_draft(recommendation, entry_id)
    if draft is None:
        return _draft_gone(recommendation)
    corrects = draft.corrects
    conflict = False
    if request.method == "POST":
        form = _submitted_form(draft.kind)
        outcome = _save(recommendation, draft.kind, form, draft=draft, corrects=corrects)
        if outcome in {"published", "drafted"}:
            return _after_save(recommendation, draft.kind, outcome, corrects)
        if outcome == CHECK:
            return _render_check(recommendation, form, draft.kind, corrects=corrects)
        conflict = outcome == "conflict"
        if conflict and _unpublished_draft(recommendation, entry_id) is None:
            return _draft_gone(recommendation, form)
    else:
        form = _form_filled_from(draft, recommendation.version)
        form.correction_note.data = draft.correction_note
    return _render_entry_page(
        "tracker/draft.html",
        recommendation,
        form,
        kind=draft.kind,
        title=f"Edit the draft {EntryKind(draft.kind).label}",
        draft=draft,
        corrects=corrects,
        conflict=conflict,
        submitted=form if request.method == "POST" and _action() != CHANGE else None,
        discard_form=DiscardDraftForm(formdata=None, discard_version=str(recommendation.version)),
    )


def _unpublished_draft(recommendation: Recommendation, entry_id: int) -> ResponseEntry | None:
    if entry_id > LARGEST_ID:
        return None
    entry = db.session.scalar(
        select(ResponseEntry).where(
            ResponseEntry.id == entry_id,
            ResponseEntry.recommendation_id == recommendation.id,
            ResponseEntry.published_at.is_(None),
        )
    )
    return entry


def _draft_gone(recommendation: Recommendation, form=None):
    """The draft was published or discarded meanwhile: keep what was typed, on the workspace."""
    if request.method != "POST":
        flash("That draft has already been published or discarded.")
        return redirect(workspace_url(recommendation))
    if form is None:
        kind = EntryKind.DECISION if "decision_version" in request.form else EntryKind.UPDATE
        form = _submitted_form(kind)
    if isinstance(form, DecisionForm):
        form.decision_version.data = str(recommendation.version)
        forms = {"decision_form": form}
    else:
        form.update_version.data = str(recommendation.version)
        forms = {"update_form": form}
    return _render_workspace(
        recommendation,
        submitted=form,
        conflict=True,
        conflict_detail="The draft you were editing has been published or discarded.",
        **forms,
    )


@bp.route(
    "/assemblies/<slug>/recommendations/<int:number>/drafts/<int:entry_id>/discard",
    methods=["POST"],
)
@posting_limit
@staff_required
def discard_draft(slug: str, number: int, entry_id: int):
    recommendation = _recommendation_or_404(slug, number)
    _require_respond(recommendation)
    draft = _entry_or_404(recommendation, entry_id)
    form = DiscardDraftForm()
    form.validate()
    try:
        services.discard_draft(
            recommendation, draft, expected_version=_version(form.discard_version.data)
        )
    except Problems:
        db.session.rollback()
        flash("That draft has already been published or discarded.")
        return redirect(workspace_url(recommendation))
    except services.ConflictError:
        flash(f"{CONFLICT_MESSAGE}. Check the draft again before you discard it.")
        if not _still_exists(entry_id):
            return redirect(workspace_url(recommendation))
        return redirect(
            url_for(
                "tracker.edit_draft",
                slug=recommendation.assembly.slug,
                number=recommendation.number,
                entry_id=entry_id,
            )
        )
    db.session.commit()
    flash(f"The draft {EntryKind(draft.kind).label} has been discarded.", "success")
    return redirect(workspace_url(recommendation))


@bp.route(
    "/assemblies/<slug>/recommendations/<int:number>/entries/<int:entry_id>/correct",
    methods=["GET", "POST"],
)
@posting_limit
@staff_required
def correct_entry(slug: str, number: int, entry_id: int):
    recommendation = _recommendation_or_404(slug, number)
    _require_respond(recommendation)
    entry = _entry_or_404(recommendation, entry_id)
    if not entry.is_published or entry.kind not in (EntryKind.DECISION, EntryKind.UPDATE):
        abort(404)  # closures and reopenings are not corrected: reopen, or close again
    correction = services.correction_of(entry)
    if correction is not None:
        flash(
            "That entry has already been corrected. To change it again, correct the latest version."
        )
        return redirect(workspace_url(recommendation, f"entry-{correction.id}"))
    conflict = False
    if request.method == "POST":
        form = _submitted_form(entry.kind)
        outcome = _save(recommendation, entry.kind, form, corrects=entry)
        if outcome in {"published", "drafted"}:
            return _after_save(recommendation, entry.kind, outcome, entry)
        if outcome == CHECK:
            return _render_check(recommendation, form, entry.kind, corrects=entry)
        conflict = outcome == "conflict"
    else:
        form = _form_filled_from(entry, recommendation.version)
    return _render_entry_page(
        "tracker/correct.html",
        recommendation,
        form,
        kind=entry.kind,
        title=f"Correct the {EntryKind(entry.kind).label} published on {format_date(entry.published_at)}",
        corrects=entry,
        conflict=conflict,
        submitted=form if request.method == "POST" and _action() != CHANGE else None,
    )


def _render_entry_page(template, recommendation, form, *, title, conflict, submitted, **context):
    latest = [entry for entry in queries.entries_of(recommendation) if entry.is_published]
    return render_template(
        template,
        title=("Error: " if conflict else "") + title,
        heading=title,
        recommendation=recommendation,
        entry_form=form,
        form=submitted,
        conflict=conflict,
        conflict_message=CONFLICT_MESSAGE,
        latest=latest[:3],
        corrected_by={e.corrects_id: e for e in latest if e.corrects_id},
        by_id={e.id: e for e in latest},
        decision_hints=DECISION_HINTS,
        **context,
    )


# -- Organisers: leads and the recommendations themselves -------------------------------


@bp.route("/assemblies/<slug>/recommendations/<int:number>/lead", methods=["GET", "POST"])
@posting_limit
@organiser_required
def change_lead(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    candidates = recommendations.lead_candidates()
    current = recommendation.lead_officer
    if current is not None and current not in candidates:
        candidates = [current, *candidates]
    form = LeadForm(obj=None)
    form.lead_officer.choices = [SelectChoice("", "No lead officer")] + [
        SelectChoice(
            str(user.id), f"{user.name} ({user.department})" if user.department else user.name
        )
        for user in candidates
    ]
    if request.method == "GET":
        form.lead_officer.data = str(recommendation.lead_officer_id or "")
        form.lead_department.data = recommendation.lead_department
    if form.validate_on_submit():
        chosen = form.lead_officer.data or ""
        officer = (
            db.session.get(User, int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None
        )
        if chosen and officer is None:
            form.lead_officer.errors = ["Choose a council officer from the list"]
        else:
            try:
                recommendations.assign_lead(
                    recommendation, officer, form.lead_department.data or ""
                )
            except Problems as error:
                for name, message in error.problems.items():
                    getattr(form, name).errors = [message]
            else:
                db.session.commit()
                who = officer.name if officer else "nobody"
                flash(f"Recommendation {recommendation.number} is now led by {who}.", "success")
                return redirect(workspace_url(recommendation))
    return render_template(
        "tracker/lead.html",
        title=f"Choose the lead for recommendation {recommendation.number}",
        recommendation=recommendation,
        form=form,
    )


def _assembly_or_404(slug: str) -> Assembly:
    return db.session.scalar(select(Assembly).where(Assembly.slug == slug)) or abort(404)


@bp.route("/assemblies/<slug>/recommendations/new", methods=["GET", "POST"])
@posting_limit
@organiser_required
def new_recommendation(slug: str):
    assembly = _assembly_or_404(slug)
    form = RecommendationForm()
    if request.method == "GET":
        form.number.data = str(recommendations.next_free_number(assembly))
    if form.validate_on_submit() and (values := form.values()) is not None:
        try:
            recommendation = recommendations.add_recommendation(assembly, **values)
        except Problems as error:
            form.apply_problems(error.problems)
        else:
            db.session.commit()
            flash(
                f"Recommendation {recommendation.number} has been added. Now choose who leads it.",
                "success",
            )
            return redirect(
                url_for("tracker.change_lead", slug=assembly.slug, number=recommendation.number)
            )
    return render_template(
        "tracker/recommendation_form.html",
        title=f"Add a recommendation to {assembly.name}",
        assembly=assembly,
        recommendation=None,
        form=form,
    )


@bp.route("/assemblies/<slug>/recommendations/<int:number>/edit", methods=["GET", "POST"])
@posting_limit
@organiser_required
def edit_recommendation(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    form = RecommendationForm()
    if request.method == "GET":
        form.number.data = str(recommendation.number)
        form.title.data = recommendation.title
        form.text.data = recommendation.text
        form.theme.data = recommendation.theme
        form.support.data = "" if recommendation.support is None else str(recommendation.support)
    if form.validate_on_submit() and (values := form.values()) is not None:
        try:
            recommendations.edit_recommendation(recommendation, **values)
        except Problems as error:
            form.apply_problems(error.problems)
        else:
            db.session.commit()
            flash(f"Recommendation {recommendation.number} has been saved.", "success")
            return redirect(workspace_url(recommendation))
    return render_template(
        "tracker/recommendation_form.html",
        title=f"Edit recommendation {recommendation.number}",
        assembly=recommendation.assembly,
        recommendation=recommendation,
        form=form,
    )


# -- Closing and reopening -----------------------------------------------------------------


@bp.route("/assemblies/<slug>/recommendations/<int:number>/close", methods=["GET", "POST"])
@posting_limit
@staff_required
def close_recommendation(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_close(current_user, recommendation):
        abort(403)
    if recommendation.is_closed:
        flash(_("Recommendation %(number)d is already closed.", number=recommendation.number))
        return redirect(workspace_url(recommendation, "current-state"))
    form = CloseForm()
    conflict = False
    action = _action()
    if request.method == "GET":
        form.closure_version.data = str(recommendation.version)
    elif action == CHANGE:
        pass  # back from the check step: the form shows what was typed
    elif form.validate_on_submit() and action == CHECK:
        reason = form.closure_reason.data or ""
        explanation = form.closure_explanation.data or ""
        superseded_by = form.superseded_by.data or None
        problems = closing.check_closure(recommendation, reason, explanation, superseded_by)
        if problems:
            form.apply_problems(problems)
        elif _version(form.closure_version.data) != recommendation.version:
            conflict = True
            form.closure_version.data = str(recommendation.version)
        else:
            return render_check_step(
                recommendation,
                closing.preview_closure(
                    recommendation,
                    current_user,
                    reason=reason,
                    explanation=explanation,
                    superseded_by=superseded_by,
                ),
                heading=_("Check the closure"),
                change_text=_("Change the closure"),
                publish_text=_("Close the recommendation"),
                kind_name=_("closure"),
            )
    elif form.validate_on_submit():
        try:
            closing.close_recommendation(
                recommendation,
                current_user,
                reason=form.closure_reason.data or "",
                explanation=form.closure_explanation.data or "",
                superseded_by=form.superseded_by.data or None,
                expected_version=_version(form.closure_version.data),
            )
        except Problems as error:
            form.apply_problems(error.problems)
        except services.ConflictError:
            conflict = True
            form.closure_version.data = str(recommendation.version)
        else:
            db.session.commit()
            flash(
                _(
                    "Recommendation %(number)d is closed: %(reason)s. No more reports are due on it.",
                    number=recommendation.number,
                    reason=recommendation.closure_reason_label,
                ),
                "success",
            )
            return redirect(workspace_url(recommendation))
    return render_template(
        "tracker/close.html",
        title=("Error: " if conflict else "")
        + _("Close recommendation %(number)d", number=recommendation.number),
        recommendation=recommendation,
        form=form,
        hints=CLOSURE_HINTS,
        conflict=conflict,
        conflict_message=CONFLICT_MESSAGE,
    )


@bp.route("/assemblies/<slug>/recommendations/<int:number>/reopen", methods=["GET", "POST"])
@posting_limit
@staff_required
def reopen_recommendation(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_reopen(current_user, recommendation):
        abort(403)
    if not recommendation.is_closed:
        flash(_("Recommendation %(number)d is open.", number=recommendation.number))
        return redirect(workspace_url(recommendation, "current-state"))
    form = ReopenForm()
    conflict = False
    action = _action()
    if request.method == "GET":
        form.reopen_version.data = str(recommendation.version)
    elif action == CHANGE:
        pass  # back from the check step: the form shows what was typed
    elif form.validate_on_submit() and action == CHECK:
        reason = form.reopen_reason.data or ""
        problems = closing.check_reopening(recommendation, reason)
        if problems:
            form.apply_problems(problems)
        elif _version(form.reopen_version.data) != recommendation.version:
            conflict = True
            form.reopen_version.data = str(recommendation.version)
        else:
            return render_check_step(
                recommendation,
                closing.preview_reopening(recommendation, current_user, reason=reason),
                heading=_("Check the reopening"),
                change_text=_("Change the reason"),
                publish_text=_("Reopen the recommendation"),
                kind_name=_("reopening"),
            )
    elif form.validate_on_submit():
        try:
            closing.reopen_recommendation(
                recommendation,
                current_user,
                reason=form.reopen_reason.data or "",
                expected_version=_version(form.reopen_version.data),
            )
        except Problems as error:
            form.apply_problems(error.problems)
        except services.ConflictError:
            conflict = True
            form.reopen_version.data = str(recommendation.version)
        else:
            db.session.commit()
            flash(
                _(
                    "Recommendation %(number)d has been reopened. Its next report is due by %(due)s.",
                    number=recommendation.number,
                    due=format_date(recommendation.next_report_due),
                )
                if recommendation.next_report_due
                else _(
                    "Recommendation %(number)d has been reopened.", number=recommendation.number
                ),
                "success",
            )
            return redirect(workspace_url(recommendation))
    return render_template(
        "tracker/reopen.html",
        title=("Error: " if conflict else "")
        + _("Reopen recommendation %(number)d", number=recommendation.number),
        recommendation=recommendation,
        form=form,
        conflict=conflict,
        conflict_message=CONFLICT_MESSAGE,
    )
