"""Drafts and corrections: editing or discarding a draft, correcting a published entry."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from portal.extensions import db
from portal.links import workspace_url
from portal.models import EntryKind, Recommendation, ResponseEntry
from portal.permissions import staff_required
from portal.problems import Problems
from portal.templating import format_date
from portal.tracker import queries, services
from portal.tracker.forms import DECISION_HINTS, DecisionForm, DiscardDraftForm, UpdateForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import (
    CONFLICT_MESSAGE,
    LARGEST_ID,
    _entry_or_404,
    _recommendation_or_404,
    _require_respond,
    posting_limit,
)
from portal.tracker.routes.workspace import (
    CHANGE,
    CHECK,
    SAVED,
    _action,
    _after_save,
    _render_check,
    _render_workspace,
    _save,
    _version,
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
        if entry.referral is not None:
            form.referred_organisation.data = str(entry.referral.organisation_id)
            form.respond_by.data = entry.referral.respond_by
        form.decision_maker.data = entry.decision_maker
        form.decided_on.data = entry.decided_on
        form.decision_record_url.data = entry.decision_record_url
        form.fill_evidence(entry.evidence)
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
        if outcome in SAVED:
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
            ResponseEntry.submitted_at.is_(None),
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
        if outcome in SAVED:
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
