"""Organisations: the organisers' list and forms, and each organisation's logo."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import db
from portal.models import Organisation, OrganisationLogo
from portal.partners import logos, organisations
from portal.partners.forms import OrganisationFields, OrganisationForm
from portal.permissions import organiser_required, partner_required
from portal.problems import Problems

bp = Blueprint("partners", __name__)

LOGO_MAX_AGE = 24 * 60 * 60  # a day; a changed logo gets a new ``v`` in its address at once
LOGO_IMMUTABLE = 365 * 24 * 60 * 60


def uploaded_logo(form: OrganisationFields) -> logos.Logo | None:
    """The checked logo from ``form``, None without one; a problem goes on the logo field."""
    upload = form.logo.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    try:
        return logos.process_logo(upload.stream.read(logos.MAX_LOGO_BYTES + 1))
    except logos.LogoError as error:
        form.logo.errors = [*form.logo.errors, str(error)]
        return None


@bp.route("/admin/organisations")
@organiser_required
def organisation_list():
    return render_template(
        "partners/organisations.html",
        title=_("Organisations"),
        organisations=organisations.all_organisations(),
    )


def _save(form: OrganisationForm, organisation: Organisation | None):
    if request.method == "POST":
        valid = form.validate_on_submit()
        data = form.organisation_input()
        problems = organisations.problems_with(data, organisation)
        logo = uploaded_logo(form) if valid else None
        if valid and not problems and not form.logo.errors:
            if organisation is None:
                organisation = organisations.add(data)
            else:
                organisations.apply(organisation, data)
            if logo is not None:
                logos.save_logo(organisation, logo)
            db.session.commit()
            flash(_("%(name)s saved.", name=organisation.name), "success")
            return redirect(url_for("partners.organisation_list"))
        Problems(problems).show_on(form, fallback="name")
    return render_template(
        "partners/organisation_form.html",
        title=_("Change an organisation") if organisation else _("Add an organisation"),
        organisation=organisation,
        form=form,
    )


@bp.route("/admin/organisations/new", methods=["GET", "POST"])
@organiser_required
def add_organisation():
    return _save(OrganisationForm(), None)


@bp.route("/admin/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@organiser_required
def edit_organisation(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = OrganisationForm()
    if request.method == "GET":
        form.name.data = organisation.name
        form.kind.data = organisation.kind.value
        form.website.data = organisation.website or ""
        form.description.data = organisation.description or ""
    return _save(form, organisation)


@bp.route("/organisations/<int:organisation_id>/logo")
def logo(organisation_id: int):
    """The logo as stored, public like the charters that show it. With ``?v=`` (the address
    pages link to) it never changes, so browsers keep it; without, for a day."""
    stored = db.session.get(OrganisationLogo, organisation_id) or abort(404)
    response = Response(stored.data, content_type=stored.content_type)
    response.set_etag(stored.digest)
    immutable = request.args.get("v") == stored.digest[:16]
    response.headers["Cache-Control"] = (
        f"public, max-age={LOGO_IMMUTABLE}, immutable"
        if immutable
        else f"public, max-age={LOGO_MAX_AGE}"
    )
    response.headers["Content-Disposition"] = (
        f'inline; filename="logo-{organisation_id}.{logos.logo_extension(stored.content_type)}"'
    )
    return response.make_conditional(request)


def logo_url(organisation: Organisation) -> str | None:
    """The address pages use for ``organisation``'s logo, None without one."""
    if not organisation.logo_digest:
        return None
    return url_for(
        "partners.logo", organisation_id=organisation.id, v=organisation.logo_digest[:16]
    )


@bp.route("/partner")
@partner_required
def home():
    """Where a partner lands after signing in: their organisation and what it is asked to do."""
    from portal.commitments.services import commitments_of_organisation
    from portal.partners.home import home_of

    page = home_of(current_user, lambda assembly: url_for("partners.charter", slug=assembly.slug))
    name = page.organisation.name if page.organisation else ""
    return render_template(
        "partners/home.html",
        title=_("What %(organisation)s has been asked to do", organisation=name)
        if name
        else _("Your organisation"),
        page=page,
        commitments=commitments_of_organisation(current_user.organisation_id),
    )
