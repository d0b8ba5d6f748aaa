"""Verdicts: a member's judgement of a published response."""

from __future__ import annotations

from flask import abort, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal import permissions
from portal.extensions import db
from portal.links import recommendation_url
from portal.models import Recommendation, ResponseEntry
from portal.notices import flash_success
from portal.permissions import signed_in_required
from portal.problems import Problems
from portal.scrutiny import comments, verdicts
from portal.scrutiny.forms import VerdictForm
from portal.scrutiny.routes import bp
from portal.scrutiny.routes.common import _show_problems


@bp.route("/responses/<int:entry_id>/verdict", methods=["GET", "POST"])
@signed_in_required
def verdict(entry_id: int):
    entry = db.session.scalar(
        select(ResponseEntry)
        .options(joinedload(ResponseEntry.recommendation).joinedload(Recommendation.assembly))
        .where(ResponseEntry.id == entry_id, ResponseEntry.published_at.is_not(None))
    )
    if entry is None:
        abort(404)
    recommendation = entry.recommendation
    permissions.assembly_for_participant(recommendation.assembly, current_user)
    if not permissions.can_give_verdict(current_user, recommendation.assembly):
        abort(403)
    own = verdicts.verdict_of(current_user, entry)
    form = VerdictForm()
    may_write_reason = permissions.can_write_verdict_reason(current_user)
    if request.method == "GET" and own is not None:
        form.rating.data = own.rating
        form.reason.data = own.reason
    if form.validate_on_submit():
        try:
            verdicts.give_verdict(entry, current_user, form.rating.data, form.reason.data)
        except Problems as problems:
            _show_problems(form, problems)
        else:
            db.session.commit()
            flash_success(
                _("Your verdict has been saved. You can change it at any time."),
                link_text=_("See the verdicts"),
                anchor="verdicts",
            )
            return redirect(recommendation_url(recommendation))
    return render_template(
        "scrutiny/verdict.html",
        title=_("Give your verdict on the council’s response"),
        form=form,
        entry=entry,
        entry_label=comments.entry_label(entry),
        recommendation=recommendation,
        own=own,
        may_write_reason=may_write_reason,
    )
