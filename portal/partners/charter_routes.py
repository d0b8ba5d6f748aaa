"""The civic charter: the public page with its signatories, asking to sign, and the organisers'
pages to write the charter and decide on requests."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from portal.extensions import db, limiter
from portal.models import Assembly, CharterSignature, SignatureState
from portal.partners import charter as charters
from portal.partners.charter_forms import CharterTextForm, DecisionForm, SignForm
from portal.partners.routes import bp, uploaded_logo
from portal.permissions import assembly_for_viewer_or_404, can_manage_charter, organiser_required
from portal.problems import Problems

ADMIN = "/admin/assemblies/<slug>/charter"


def _ip_key() -> str:
    return "charter-ip:" + get_remote_address()


def _charter_or_404(slug: str):
    assembly = assembly_for_viewer_or_404(slug, current_user)
    charter = charters.charter_of(assembly) or abort(404)
    return assembly, charter


@bp.route("/assemblies/<slug>/charter")
def charter(slug: str):
    assembly, charter_ = _charter_or_404(slug)
    return render_template(
        "partners/charter.html",
        title=_("%(assembly)s: civic charter", assembly=assembly.name),
        assembly=assembly,
        charter=charter_,
        signatories=charters.signatories(assembly),
        can_manage=can_manage_charter(current_user),
    )


@bp.route("/assemblies/<slug>/charter/sign", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_CHARTER_PER_IP"], key_func=_ip_key, methods=["POST"]
)
def sign(slug: str):
    assembly, _charter = _charter_or_404(slug)
    form = SignForm()
    if request.method == "POST":
        valid = form.validate_on_submit()
        data = form.sign_input()
        problems = {
            name: message
            for name, message in charters.problems_with(data).items()
            if not getattr(form, name).errors
        }
        logo = uploaded_logo(form) if valid else None
        if valid and not problems and not form.logo.errors:
            charters.ask_to_sign(assembly, data, logo)
            db.session.commit()
            return redirect(url_for("partners.sign_sent", slug=slug))
        Problems(problems).show_on(form, fallback="name")
    return render_template(
        "partners/sign.html",
        title=_("Ask to sign the civic charter"),
        assembly=assembly,
        form=form,
    )


@bp.route("/assemblies/<slug>/charter/sign/sent")
def sign_sent(slug: str):
    assembly, _charter = _charter_or_404(slug)
    return render_template(
        "partners/sign_sent.html", title=_("We have your request"), assembly=assembly
    )


# Organisers


def _admin_assembly(slug: str) -> Assembly:
    return assembly_for_viewer_or_404(slug, current_user)


@bp.route(ADMIN, methods=["GET", "POST"])
@organiser_required
def admin_charter(slug: str):
    assembly = _admin_assembly(slug)
    existing = charters.charter_of(assembly)
    form = CharterTextForm()
    if request.method == "GET" and existing is not None:
        form.text.data = existing.text
    elif form.validate_on_submit():
        try:
            charters.save_charter(assembly, form.text.data or "", current_user)
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="text")
        else:
            db.session.commit()
            flash(_("Charter saved. It is shown on the assembly’s charter page."), "success")
            return redirect(url_for("partners.admin_charter", slug=slug))
    return render_template(
        "partners/admin_charter.html",
        title=_("Civic charter for %(assembly)s", assembly=assembly.name),
        assembly=assembly,
        charter=existing,
        form=form,
        pending=charters.requests_in(assembly, SignatureState.PENDING),
        signatories=charters.signatories(assembly),
        declined=charters.requests_in(assembly, SignatureState.DECLINED),
    )


def _request_or_404(assembly: Assembly, request_id: int) -> CharterSignature:
    return charters.request_in(assembly, request_id) or abort(404)


@bp.route(ADMIN + "/requests/<int:request_id>", methods=["GET", "POST"])
@organiser_required
def admin_request(slug: str, request_id: int):
    assembly = _admin_assembly(slug)
    signature = _request_or_404(assembly, request_id)
    form = DecisionForm()
    if signature.state == SignatureState.PENDING and form.validate_on_submit():
        try:
            if form.decision.data == "approve":
                organisation = charters.approve(signature, current_user)
                message = _(
                    "%(organisation)s has signed the charter. We have emailed %(email)s.",
                    organisation=organisation.name,
                    email=signature.contact_email,
                )
            else:
                charters.decline(signature, current_user, form.reason.data or "")
                message = _(
                    "Request declined. We have emailed %(email)s the reason.",
                    email=signature.contact_email,
                )
        except Problems as problems:
            db.session.rollback()
            problems.show_on(form, fallback="decision")
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("partners.admin_charter", slug=slug))
    return render_template(
        "partners/admin_request.html",
        title=_("Request to sign from %(organisation)s", organisation=signature.organisation_name),
        assembly=assembly,
        signature=signature,
        form=form if signature.state == SignatureState.PENDING else None,
    )
