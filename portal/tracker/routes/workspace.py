"""The workspace: posting a decision or an update, through the check step, as a draft or published."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.actions import updates as action_updates
from portal.extensions import db
from portal.forms import PortalForm
from portal.links import workspace_url
from portal.mail.notifications import entry_audience
from portal.models import EntryKind, Recommendation, ResponseEntry
from portal.partners.referrals import organisation_id_from
from portal.permissions import (
    can_answer_lead,
    can_close,
    can_extend_deadlines,
    can_manage_recommendations,
    can_read_tracker,
    can_reopen,
    can_respond_to,
    internal_required,
    staff_required,
)
from portal.problems import Problems
from portal.tracker import extensions, notes, queries, services
from portal.tracker.forms import DECISION_HINTS, DecisionForm, UpdateForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import (
    CONFLICT_MESSAGE,
    _recommendation_or_404,
    _require_respond,
    posting_limit,
)
from portal.tracker.signoff import needs_sign_off


def _fresh_decision_form(recommendation: Recommendation) -> DecisionForm:
    form = DecisionForm(formdata=None)
    form.decision_version.data = str(recommendation.version)
    return form


def _update_form_class(recommendation: Recommendation) -> type[UpdateForm]:
    """The update form, with a fieldset per action it may move on (portal.actions.updates)."""
    return action_updates.update_form_class(
        recommendation, action_updates.movable_actions(recommendation)
    )


def _fresh_update_form(recommendation: Recommendation) -> UpdateForm:
    form = _update_form_class(recommendation)(formdata=None)
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
    update_form = update_form or _fresh_update_form(recommendation)
    return render_template(
        "tracker/workspace.html",
        title=f"{'Error: ' if conflict else ''}Respond to recommendation {recommendation.number}: {recommendation.title}",
        recommendation=recommendation,
        published=published,
        by_id={entry.id: entry for entry in published},
        corrected_by=corrected_by,
        drafts=[entry for entry in entries if entry.is_draft] if can_respond else [],
        awaiting=[entry for entry in entries if entry.is_awaiting_sign_off],
        needs_sign_off=needs_sign_off(recommendation.assembly, EntryKind.DECISION),
        updates_need_sign_off=needs_sign_off(recommendation.assembly, EntryKind.UPDATE),
        can_respond=can_respond,
        can_close=can_close(current_user, recommendation) and not recommendation.is_closed,
        can_reopen=can_reopen(current_user, recommendation) and recommendation.is_closed,
        can_manage=can_manage_recommendations(current_user),
        can_extend=can_extend_deadlines(current_user)
        and not recommendation.is_closed
        and recommendation.next_report_due is not None,
        deadline_lines=extensions.deadline_lines(recommendation),
        decision_form=decision_form or _fresh_decision_form(recommendation),
        update_form=update_form,
        action_fieldsets=action_updates.fieldsets(update_form),
        decision_hints=DECISION_HINTS,
        form=submitted,
        conflict=conflict,
        conflict_message=CONFLICT_MESSAGE,
        conflict_detail=conflict_detail,
        internal_notes=notes.notes_of(recommendation),
        can_answer_lead=can_answer_lead(current_user, recommendation),
    )


@bp.route("/assemblies/<slug>/recommendations/<int:number>")
@internal_required
def workspace(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_read_tracker(current_user, recommendation.assembly):
        abort(404)
    return _render_workspace(recommendation)


def _version(text: str | None) -> int:
    """The version the form was opened at; a missing one never matches, so nothing is overwritten."""
    return int(text) if text and text.isdigit() and len(text) < 10 else -1


def _decision_values(form: DecisionForm) -> dict:
    return {
        "decision": form.decision.data or None,
        "explanation": form.explanation.data or "",
        "referred_to": form.referred_to.data or None,
        "referred_organisation": organisation_id_from(form.referred_organisation.data),
        "respond_by": form.respond_by.data,
        "decision_maker": form.decision_maker.data or None,
        "decided_on": form.decided_on.data,
        "decision_record_url": form.decision_record_url.data or None,
        "evidence": form.evidence_links(),
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
SUBMITTED = "submitted"
# What a save can end in that leaves the form: published, sent for sign-off, or kept as a draft.
SAVED = {"published", SUBMITTED, "drafted"}


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

    Returns ``check`` (show the check step), ``published``, ``submitted`` (waiting for sign-off),
    ``drafted``, ``change`` (back to
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
    action_function: Callable[..., ResponseEntry]
    if kind == EntryKind.DECISION:
        action_function = services.publish_decision if publishing else services.save_decision_draft
    else:
        action_function = services.publish_update if publishing else services.save_update_draft
    try:
        saved = action_function(
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
    if kind == EntryKind.UPDATE and publishing:
        action_updates.apply_moves(recommendation, form, saved, current_user)
    db.session.commit()
    if publishing and saved.is_awaiting_sign_off:
        return SUBMITTED
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
    if needs_sign_off(recommendation.assembly, kind):
        publish_text = _("Send for sign-off")
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
        needs_sign_off=needs_sign_off(recommendation.assembly, entry.kind),
        carried=carried,
        change_anchor=change_anchor,
        check_form=PortalForm(formdata=None),
    )


def _after_save(recommendation: Recommendation, kind: str, outcome: str, corrects=None):
    name = EntryKind(kind).label
    if outcome == SUBMITTED:
        flash(
            _(
                "Your %(name)s has been sent for sign-off. The public sees it once an approver "
                "approves it.",
                name=name,
            ),
            "success",
        )
    elif outcome == "published":
        what = f"correction to the {name}" if corrects is not None else name
        flash(f"Your {what} has been published.", "success")
    else:
        flash(
            f"Your draft {name} has been saved. Nobody outside the council sees it until you publish it.",
            "success",
        )
    return redirect(workspace_url(recommendation))


def _post_entry(slug: str, number: int, kind: EntryKind, form: DecisionForm | UpdateForm):
    """Save, check or publish a decision or an update: the two forms share every step."""
    recommendation = _recommendation_or_404(slug, number)
    _require_respond(recommendation)
    outcome = _save(recommendation, kind, form)
    if outcome in SAVED:
        return _after_save(recommendation, kind, outcome)
    if outcome == CHECK:
        return _render_check(recommendation, form, kind)
    form_name = "decision_form" if kind == EntryKind.DECISION else "update_form"
    return _render_workspace(
        recommendation,
        submitted=None if outcome == CHANGE else form,
        conflict=outcome == "conflict",
        **{form_name: form},
    )


@bp.route("/assemblies/<slug>/recommendations/<int:number>/decision", methods=["POST"])
@posting_limit
@staff_required
def post_decision(slug: str, number: int):
    return _post_entry(slug, number, EntryKind.DECISION, DecisionForm())


@bp.route("/assemblies/<slug>/recommendations/<int:number>/update", methods=["POST"])
@posting_limit
@staff_required
def post_update(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    return _post_entry(slug, number, EntryKind.UPDATE, _update_form_class(recommendation)())
