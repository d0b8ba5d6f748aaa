"""A partner's commitments: the list, committing to a recommendation, changing a commitment and
publishing its updates. The public side is the panel on the recommendation page (``panels.py``).

Only partners of an organisation that signed the assembly's charter may commit (403 for anyone
else signed in; the sign-in page for visitors; 404 for a commitment on an assembly they may not
see).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.commitments import services
from portal.commitments.forms import CommitmentForm, CommitmentUpdateForm
from portal.extensions import db, login_manager
from portal.links import recommendation_url
from portal.models import Commitment, Recommendation
from portal.permissions import can_update_commitment, can_view_assembly, partner_required
from portal.problems import Problems
from portal.tracker.services import check_update

bp = Blueprint("commitments", __name__)


def _commitment_or_refuse(commitment_id: int) -> Commitment:
    """The commitment if the person may change it: 404 where they may not see its assembly."""
    commitment = db.session.get(Commitment, commitment_id) or abort(404)
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not can_view_assembly(current_user, commitment.recommendation.assembly):
        abort(404)
    if not can_update_commitment(current_user, commitment):
        abort(403)
    return commitment


@bp.route("/partner/commitments")
@partner_required
def my_commitments():
    return render_template(
        "commitments/list.html",
        title=_("Your organisation’s commitments"),
        rows=services.commitments_of_organisation(current_user.organisation_id),
        assemblies=services.signed_assemblies(current_user),
        can_add=bool(services.choosable_recommendations(current_user)),
    )


def _choices(recommendations: list[Recommendation]) -> list[SelectChoice]:
    return [SelectChoice("", _("Choose a recommendation"))] + [
        SelectChoice(
            str(recommendation.id),
            f"{recommendation.assembly.name}: {recommendation.number}. {recommendation.title}",
        )
        for recommendation in recommendations
    ]


@bp.route("/partner/commitments/new", methods=["GET", "POST"])
@partner_required
def new_commitment():
    if not services.signed_assemblies(current_user):
        abort(403)
    choosable = services.choosable_recommendations(current_user)
    form = CommitmentForm()
    form.recommendation.choices = _choices(choosable)
    if request.method == "GET":
        form.recommendation.data = request.args.get("recommendation", "")[:12]
    if request.method == "POST":
        valid = form.validate_on_submit()
        wanted = form.recommendation_id()
        recommendation = next((r for r in choosable if r.id == wanted), None)
        if recommendation is None and wanted is not None:
            recommendation = db.session.get(Recommendation, wanted)
        try:
            if not valid:
                raise Problems(services.problems_with(form.text.data, form.due_on.data))
            commitment = services.add_commitment(
                current_user, recommendation, form.text.data, form.due_on.data
            )
        except Problems as problems:
            form.apply_problems(problems.problems)
        else:
            db.session.commit()
            flash(_("Your commitment is published."), "success")
            return redirect(
                recommendation_url(commitment.recommendation, f"commitment-{commitment.id}")
            )
    return render_template(
        "commitments/commitment_form.html",
        title=_("Commit to act on a recommendation"),
        form=form,
        commitment=None,
        nothing_left=not choosable,
    )


@bp.route("/partner/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
def edit_commitment(commitment_id: int):
    commitment = _commitment_or_refuse(commitment_id)
    form = CommitmentForm()
    del form.recommendation
    if request.method == "GET":
        form.text.data = commitment.text
        form.due_on.data = commitment.due_on
    if request.method == "POST":
        valid = form.validate_on_submit()
        try:
            if not valid:
                raise Problems(services.problems_with(form.text.data, form.due_on.data, commitment))
            services.change_commitment(commitment, form.text.data, form.due_on.data)
        except Problems as problems:
            form.apply_problems(problems.problems)
        else:
            db.session.commit()
            flash(_("Your commitment is changed."), "success")
            return redirect(
                recommendation_url(commitment.recommendation, f"commitment-{commitment.id}")
            )
    return render_template(
        "commitments/commitment_form.html",
        title=_("Change your commitment"),
        form=form,
        commitment=commitment,
        nothing_left=False,
    )


@bp.route("/partner/commitments/<int:commitment_id>/updates/new", methods=["GET", "POST"])
def new_update(commitment_id: int):
    commitment = _commitment_or_refuse(commitment_id)
    form = CommitmentUpdateForm()
    if request.method == "POST":
        valid = form.validate_on_submit()
        progress = form.progress_value()
        evidence = form.evidence_links()
        try:
            if not valid or form.errors:
                raise Problems(
                    check_update(form.status.data, progress, form.summary.data, evidence=evidence)
                )
            update = services.publish_update(
                commitment,
                current_user,
                status=form.status.data,
                progress=progress,
                summary=form.summary.data or "",
                evidence=evidence,
            )
        except Problems as problems:
            form.apply_problems(problems.problems)
        else:
            db.session.commit()
            flash(_("Your update is published."), "success")
            return redirect(
                recommendation_url(commitment.recommendation, f"commitment-update-{update.id}")
            )
    return render_template(
        "commitments/update_form.html",
        title=_("Publish an update on your commitment"),
        form=form,
        commitment=commitment,
        late=services.commitment_lateness(commitment, services.latest_update(commitment)),
    )


def list_url() -> str:
    return url_for("commitments.my_commitments")
