"""Referrals: a partner answers a decision referred to their organisation; organisers list
each assembly's referrals (the organiser home's figures link here); organisers see a charter
request's logo before approving it."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import CharterSignature
from portal.partners import referrals
from portal.partners.referral_forms import ReferralResponseForm
from portal.partners.routes import bp
from portal.permissions import (
    assembly_for_viewer_or_404,
    can_respond_to_referral,
    can_see_charter_request_logo,
    organiser_required,
    partner_required,
)
from portal.problems import Problems


@bp.route("/partner/referrals/<int:referral_id>", methods=["GET", "POST"])
@partner_required
def respond_to_referral(referral_id: int):
    """A referral to the partner's organisation, and the form to answer it (once)."""
    referral = referrals.published_referral(referral_id)
    if referral is None or not can_respond_to_referral(current_user, referral):
        abort(404)
    form = ReferralResponseForm() if not referral.is_answered else None
    if form is not None and form.validate_on_submit():
        try:
            referrals.respond(referral, current_user, form.response.data or "")
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="response")
        else:
            db.session.commit()
            flash(
                _("Your response is published on the recommendation’s page."),
                "success",
            )
            return redirect(url_for("partners.home"))
    recommendation = referral.entry.recommendation
    return render_template(
        "partners/referral.html",
        title=_(
            "Respond to recommendation %(number)s: %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        ),
        item=referrals.view_of(referral),
        recommendation=recommendation,
        assembly=recommendation.assembly,
        entry=referral.entry,
        form=form,
    )


@bp.route("/admin/assemblies/<slug>/referrals")
@organiser_required
def admin_referrals(slug: str):
    """An assembly's decisions referred to organisations: ``?show=waiting|overdue|answered``."""
    assembly = assembly_for_viewer_or_404(slug, current_user)
    show = request.args.get("show")
    show = show if show in referrals.SHOWS else None
    return render_template(
        "partners/admin_referrals.html",
        title=_("Referrals to organisations: %(assembly)s", assembly=assembly.name),
        assembly=assembly,
        show=show,
        show_labels=referrals.SHOW_LABELS,
        items=referrals.referrals_in(assembly.id, show),
    )


@bp.route("/admin/assemblies/<slug>/charter/requests/<int:request_id>/logo")
@organiser_required
def request_logo(slug: str, request_id: int):
    """The logo sent with a request to sign, for organisers deciding on it: never public
    (it may not be the organisation's) and never cached."""
    from portal.partners import charter as charters

    assembly = assembly_for_viewer_or_404(slug, current_user)
    signature = charters.request_in(assembly, request_id)
    if signature is None or not can_see_charter_request_logo(current_user):
        abort(404)
    data = db.session.scalar(
        db.select(CharterSignature.logo_data).where(CharterSignature.id == signature.id)
    )
    if not data or not signature.logo_content_type:
        abort(404)
    response = Response(data, content_type=signature.logo_content_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = f'inline; filename="request-{signature.id}-logo"'
    return response
