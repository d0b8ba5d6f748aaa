"""Staff views of a recommendation's actions, beside its workspace under ``/tracker/``."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.actions import services
from portal.actions.forms import ActionForm
from portal.extensions import db
from portal.links import workspace_url
from portal.models import Action, ActionStatus, Assembly, Recommendation
from portal.permissions import (
    can_manage_actions,
    can_read_tracker,
    internal_required,
    staff_required,
)
from portal.problems import Problems
from portal.tracker.routes.common import _recommendation_or_404, posting_limit

bp = Blueprint("actions", __name__, url_prefix="/tracker")

BASE = "/assemblies/<slug>/recommendations/<int:number>/actions"


_actions_url = services.actions_url


@bp.route(BASE)
@internal_required
def actions(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_read_tracker(current_user, recommendation.assembly):
        abort(404)
    listed = services.actions_of(recommendation)
    history = services.changes_of(listed)
    can_manage = can_manage_actions(current_user, recommendation)
    return render_template(
        "actions/actions.html",
        title=_("Actions on recommendation %(number)d", number=number),
        recommendation=recommendation,
        rows=[
            {
                "action": action,
                "missed": services.is_missed(action),
                "changes": history[action.id],
                "edit_href": url_for(
                    "actions.edit_action", slug=slug, number=number, action_id=action.id
                )
                if can_manage
                else None,
            }
            for action in listed
        ],
        can_manage=can_manage,
        add_href=url_for("actions.add_action", slug=slug, number=number),
        progress=recommendation.shown_progress,
        back=workspace_url(recommendation),
    )


def _save(recommendation: Recommendation, form: ActionForm, action: Action | None):
    """Save what was typed, or put the problems on the form's fields and return None."""
    form.validate()  # the date field's own check; it also clears the cached error list
    values = form.values()
    problems = services.check_values(values)
    if form.progress.errors:
        problems.pop("progress", None)
    Problems(problems).show_on(form, fallback="title")
    if any(field.errors for field in form):
        return None
    if action is None:
        return services.add_action(recommendation, current_user, values)
    return services.edit_action(action, current_user, values)


def _render_form(recommendation: Recommendation, form: ActionForm, heading: str):
    return render_template(
        "actions/action_form.html",
        title=heading,
        heading=heading,
        recommendation=recommendation,
        form=form,
        back=_actions_url(recommendation),
    )


@bp.route(f"{BASE}/new", methods=["GET", "POST"])
@posting_limit
@staff_required
def add_action(slug: str, number: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_manage_actions(current_user, recommendation):
        abort(403)
    form = ActionForm()
    if not form.is_submitted():
        form.status.data = ActionStatus.NOT_STARTED.value
        form.progress.data = "0"
    else:
        saved = _save(recommendation, form, None)
        if saved is not None:
            db.session.commit()
            flash(_("Action added: %(title)s", title=saved.title), "success")
            return redirect(_actions_url(recommendation))
    return _render_form(recommendation, form, _("Add an action"))


@bp.route(f"{BASE}/<int:action_id>/edit", methods=["GET", "POST"])
@posting_limit
@staff_required
def edit_action(slug: str, number: int, action_id: int):
    recommendation = _recommendation_or_404(slug, number)
    if not can_manage_actions(current_user, recommendation):
        abort(403)
    action = services.action_in(recommendation, action_id) or abort(404)
    form = ActionForm()
    if not form.is_submitted():
        form.title.data = action.title
        form.owner.data = action.owner
        form.due_on.data = action.due_on
        form.status.data = ActionStatus(action.status).value
        form.progress.data = str(action.progress)
    else:
        saved = _save(recommendation, form, action)
        if saved is not None:
            db.session.commit()
            flash(_("Action saved: %(title)s", title=saved.title), "success")
            return redirect(_actions_url(recommendation))
    return _render_form(recommendation, form, _("Change the action"))


@bp.route("/assemblies/<slug>/missed-actions")
@internal_required
def missed(slug: str):
    """The assembly's missed milestones: what the organiser home's figure counts."""
    assembly = db.session.scalar(db.select(Assembly).where(Assembly.slug == slug)) or abort(404)
    if not can_read_tracker(current_user, assembly):
        abort(404)
    return render_template(
        "actions/missed.html",
        title=_("Missed actions in %(name)s", name=assembly.name),
        assembly=assembly,
        actions=services.missed_in(assembly.id),
    )
