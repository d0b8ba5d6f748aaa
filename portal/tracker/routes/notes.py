"""Internal notes on a recommendation: staff, approvers and colleagues read and add them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import Recommendation
from portal.permissions import can_add_internal_note, can_read_internal_notes, internal_required
from portal.problems import Problems
from portal.tracker import notes
from portal.tracker.forms import InternalNoteForm
from portal.tracker.routes import bp
from portal.tracker.routes.common import _recommendation_or_404, posting_limit

NOTES_URL = "/assemblies/<slug>/recommendations/<int:number>/notes"


def _readable_or_404(slug: str, number: int) -> Recommendation:
    recommendation = _recommendation_or_404(slug, number)
    if not can_read_internal_notes(current_user, recommendation.assembly):
        abort(404)
    return recommendation


def _render(recommendation: Recommendation, form: InternalNoteForm):
    return render_template(
        "tracker/notes.html",
        title=_(
            "Internal notes on recommendation %(number)d: %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        ),
        recommendation=recommendation,
        notes=notes.notes_of(recommendation),
        form=form,
        can_add=can_add_internal_note(current_user, recommendation.assembly),
    )


# One rule for reading and adding: two rules on one address would answer a POST with an id too
# big for the database with 405 instead of 404 (tests/test_out_of_range_ids.py).
@bp.route(NOTES_URL, methods=["GET", "POST"])
@posting_limit
@internal_required
def internal_notes(slug: str, number: int):
    recommendation = _readable_or_404(slug, number)
    if request.method == "GET":
        return _render(recommendation, InternalNoteForm(formdata=None))
    if not can_add_internal_note(current_user, recommendation.assembly):
        abort(403)
    form = InternalNoteForm()
    if form.validate_on_submit():
        try:
            notes.add_note(recommendation, current_user, form.note_body.data)
        except Problems as error:
            form.apply_problems(error.problems)
        else:
            db.session.commit()
            flash(_("Your note has been added."), "success")
            return redirect(
                url_for("tracker.internal_notes", slug=recommendation.assembly.slug, number=number)
            )
    return _render(recommendation, form)
