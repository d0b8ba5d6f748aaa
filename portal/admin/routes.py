from typing import cast

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.admin import assemblies, invitations
from portal.admin import dashboard as dashboard_figures
from portal.admin.forms import (
    ActionForm,
    AssemblyForm,
    ConfirmUploadForm,
    InviteForm,
    RosterUploadForm,
)
from portal.admin.roster_job import ROSTER_JOB
from portal.extensions import db
from portal.jobs.services import queue_job, runs_inline
from portal.models import Assembly, Invitation
from portal.partners import organisations
from portal.permissions import organiser_required
from portal.uploads import UploadError, keep_for_confirmation, take_pending

bp = Blueprint("admin", __name__)

ROSTER_UPLOAD = "roster"


@bp.route("/")
@organiser_required
def dashboard():
    return render_template(
        "admin/dashboard.html",
        title=_("Organiser dashboard"),
        assemblies=dashboard_figures.assembly_figures(
            assemblies.all_assemblies(), assemblies.member_counts()
        ),
        portal_figures=dashboard_figures.portal_figures(),
    )


@bp.route("/assemblies/new", methods=["GET", "POST"])
@organiser_required
def new_assembly():
    form = AssemblyForm()
    if form.validate_on_submit():
        if assemblies.slug_taken(form.slug.data):
            form.slug.errors.append("Another assembly already uses this short name")
        else:
            assembly = assemblies.create_assembly(form.slug.data, form.name.data)
            _apply_assembly_form(form, assembly)
            db.session.commit()
            flash(f"{assembly.name} has been created.", "success")
            return redirect(url_for("admin.dashboard"))
    return render_template("admin/assembly_form.html", title="Create an assembly", form=form)


@bp.route("/assemblies/<slug>/edit", methods=["GET", "POST"])
@organiser_required
def edit_assembly(slug: str):
    assembly = db.session.scalar(select(Assembly).where(Assembly.slug == slug)) or abort(404)
    form = AssemblyForm(obj=assembly)
    if request.method == "GET":
        form.update_cadence_months.data = str(assembly.update_cadence_months)
    if form.validate_on_submit():
        if assemblies.slug_taken(form.slug.data, except_id=assembly.id):
            form.slug.errors.append("Another assembly already uses this short name")
        else:
            _apply_assembly_form(form, assembly)
            db.session.commit()
            flash(f"{assembly.name} has been saved.", "success")
            return redirect(url_for("admin.dashboard"))
    return render_template(
        "admin/assembly_form.html", title=f"Edit {assembly.name}", form=form, assembly=assembly
    )


def _apply_assembly_form(form: AssemblyForm, assembly: Assembly) -> None:
    for name in (
        "name",
        "slug",
        "topic_question",
        "description",
        "starts_on",
        "ends_on",
        "concluded_on",
        "first_response_due",
        "question_answer_days",
        "is_public",
        "show_discussion_publicly",
        "sign_off_decisions",
        "sign_off_updates",
        "sign_off_reports",
        "progress_from_actions",
    ):
        setattr(assembly, name, getattr(form, name).data)
    # Optional text left out of the POST altogether is empty text, never NULL.
    assembly.topic_question = assembly.topic_question or ""
    assembly.description = assembly.description or ""
    assembly.report_url = form.report_url.data or None
    assembly.update_cadence_months = int(form.update_cadence_months.data or 12)


@bp.route("/invitations")
@organiser_required
def invitations_list():
    assembly = invitations.find_assembly((request.args.get("assembly") or "")[:80])
    state = request.args.get("state") or ""
    state = state if state in invitations.INVITATION_STATES else ""
    return render_template(
        "admin/invitations.html",
        title=_("Invitations"),
        invitations=invitations.listed_invitations(assembly, state),
        assembly=assembly,
        state=state,
        state_labels=invitations.state_labels(),
        action_form=ActionForm(),
    )


@bp.route("/invitations/new", methods=["GET", "POST"])
@organiser_required
def invite():
    form = InviteForm()
    form.assembly.choices = [SelectChoice("", "No assembly")] + [
        SelectChoice(a.slug, a.name) for a in assemblies.all_assemblies()
    ]
    form.organisation.choices = [SelectChoice("", _("No organisation"))] + [
        SelectChoice(str(o.id), o.name) for o in organisations.all_organisations()
    ]
    if request.method == "GET" and request.args.get("assembly"):
        form.assembly.data = request.args["assembly"]
    if request.method == "GET" and request.args.get("organisation"):
        form.organisation.data = request.args["organisation"]
        form.role.data = "partner"
    if form.validate_on_submit():
        assembly = invitations.find_assembly(form.assembly.data or "")
        organisation = organisations.organisation_by_reference(form.organisation.data or "")
        problems = invitations.check_invitee(
            form.name.data, form.email.data, form.role.data, assembly, organisation
        )
        if problems:
            if problems[0].startswith("Choose the assembly"):
                field = form.assembly
            elif problems[0] == _("Choose the organisation this partner acts for"):
                field = form.organisation
            else:
                field = form.email
            field.errors.append(problems[0])
        else:
            invitations.invite(
                form.name.data,
                form.email.data,
                form.role.data,
                assembly,
                current_user,
                organisation,
            )
            flash(f"An invitation has been sent to {form.email.data}.", "success")
            return redirect(url_for("admin.invitations_list"))
    return render_template("admin/invite.html", title="Invite someone", form=form)


@bp.route("/invitations/upload", methods=["GET", "POST"])
@organiser_required
def upload_roster():
    form = RosterUploadForm()
    if form.validate_on_submit():
        upload = form.roster.data
        if not upload or not upload.filename:
            form.roster.errors.append("Select a CSV file")
        else:
            try:
                preview = invitations.preview_roster(upload.read())
            except UploadError as error:
                form.roster.errors.append(str(error))
            else:
                upload_id = None
                if not preview.has_problems:
                    upload_id = keep_for_confirmation(
                        current_user.id,
                        ROSTER_UPLOAD,
                        upload.filename,
                        [row.values for row in preview.rows],
                    )
                return render_template(
                    "admin/roster_preview.html",
                    title="Check the roster before sending invitations",
                    preview=preview,
                    filename=upload.filename,
                    confirm_form=ConfirmUploadForm(upload_id=upload_id),
                )
    return render_template(
        "admin/roster_upload.html", title="Invite people from a roster", form=form
    )


@bp.route("/invitations/upload/confirm", methods=["POST"])
@organiser_required
def confirm_roster():
    form = ConfirmUploadForm()
    if not form.validate_on_submit():
        abort(400)
    pending = take_pending(form.upload_id.data or "", current_user.id, ROSTER_UPLOAD)
    if pending is None:
        flash("That upload has already been used or has expired. Upload the file again.")
        return redirect(url_for("admin.upload_roster"))
    filename, kept = pending
    rows = cast(list[dict], kept)  # the rows upload_roster kept
    if not runs_inline(len(rows)):
        job = queue_job(ROSTER_JOB, current_user, {"rows": rows}, len(rows), filename=filename)
        return redirect(url_for("jobs.job_page", job_id=job.id))
    try:
        count = invitations.import_roster(rows, current_user)
    except ValueError as error:
        db.session.rollback()
        flash(
            f"Nothing was imported, because something changed since you checked the file: {error}. Upload it again."
        )
        return redirect(url_for("admin.upload_roster"))
    flash(f"{count} invitations have been sent.", "success")
    return redirect(url_for("admin.invitations_list"))


def _invitation_or_404(invitation_id: int) -> Invitation:
    return db.session.get(Invitation, invitation_id) or abort(404)


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@organiser_required
def resend_invitation(invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    if ActionForm().validate_on_submit() and invitation.accepted_at is None:
        invitations.resend(invitation)
        flash(f"The invitation to {invitation.email} has been sent again.", "success")
    return redirect(url_for("admin.invitations_list"))


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@organiser_required
def revoke_invitation(invitation_id: int):
    invitation = _invitation_or_404(invitation_id)
    if ActionForm().validate_on_submit() and invitation.accepted_at is None:
        invitations.revoke(invitation)
        flash(
            f"The invitation to {invitation.email} has been withdrawn. Its link no longer works.",
            "success",
        )
    return redirect(url_for("admin.invitations_list"))
