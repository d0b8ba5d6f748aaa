"""Pages for the tracker spreadsheet: download, upload updates, import recommendations.

Registered under ``/tracker`` beside the tracker's own pages, as the ``spreadsheets`` blueprint
(:func:`portal.spreadsheets.init_app`).
"""

from typing import cast

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from portal.admin.assemblies import all_assemblies
from portal.extensions import db, limiter
from portal.jobs.services import queue_job, runs_inline
from portal.models import ActionStatus, Assembly, Decision, ImplementationStatus
from portal.permissions import can_manage_assemblies, organiser_required, staff_required
from portal.spreadsheets import recommendation_import
from portal.spreadsheets.export import (
    EDITABLE_COLUMNS,
    TRACKER_COLUMNS,
    export_filename,
    tracker_csv,
    tracker_rows,
    tracker_xlsx,
)
from portal.spreadsheets.files import MAX_SPREADSHEET_BYTES, XLSX_MEDIA_TYPE
from portal.spreadsheets.forms import (
    ConfirmUploadForm,
    RecommendationsUploadForm,
    UpdatesUploadForm,
)
from portal.spreadsheets.jobs import RECOMMENDATIONS_JOB, UPDATES_JOB
from portal.spreadsheets.update_plan import plan_updates
from portal.spreadsheets.updates import UpdatesRejected, applied_message, publish_planned
from portal.uploads import UploadError, keep_for_confirmation, take_pending

bp = Blueprint("spreadsheets", __name__)

UPDATES_UPLOAD = "tracker-updates"
RECOMMENDATIONS_UPLOAD = "recommendations"
UPLOAD_LIMIT = "30 per 10 minutes"


def _uploader_key() -> str:
    return f"uploader:{current_user.id if current_user.is_authenticated else request.remote_addr}"


upload_limit = limiter.limit(UPLOAD_LIMIT, key_func=_uploader_key, methods=["POST"])


def _uploaded_bytes(field) -> bytes | None:
    """At most one byte more than the limit, so a big file is refused without reading it all."""
    upload = field.data
    if not upload or not upload.filename:
        return None
    return upload.stream.read(MAX_SPREADSHEET_BYTES + 1)


def _assembly_from_query() -> Assembly | None:
    slug = request.args.get("assembly", "").strip()
    if not slug:
        return None
    return db.session.scalar(select(Assembly).where(Assembly.slug == slug)) or abort(404)


@bp.route("/export.csv")
@staff_required
def export_csv():
    assembly = _assembly_from_query()
    body = tracker_csv(tracker_rows(assembly))
    return _download(body, "text/csv; charset=utf-8", export_filename(assembly, "csv"))


@bp.route("/export.xlsx")
@staff_required
def export_xlsx():
    assembly = _assembly_from_query()
    body = tracker_xlsx(tracker_rows(assembly))
    return _download(body, XLSX_MEDIA_TYPE, export_filename(assembly, "xlsx"))


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/spreadsheet", methods=["GET", "POST"])
@staff_required
@upload_limit
def spreadsheet_page():
    form = UpdatesUploadForm()
    if form.validate_on_submit():
        data = _uploaded_bytes(form.spreadsheet)
        if data is None:
            form.spreadsheet.errors.append("Select a CSV or Excel file")
        else:
            filename = form.spreadsheet.data.filename
            try:
                plan = plan_updates(data, filename, current_user)
            except UploadError as error:
                form.spreadsheet.errors.append(str(error))
            else:
                upload_id = None
                if not plan.has_problems and plan.changed_rows:
                    upload_id = keep_for_confirmation(
                        current_user.id, UPDATES_UPLOAD, filename, plan.payload()
                    )
                return render_template(
                    "spreadsheets/preview.html",
                    title="Check what will be published",
                    plan=plan,
                    filename=filename,
                    confirm_form=ConfirmUploadForm(upload_id=upload_id),
                )
    return render_template(
        "spreadsheets/spreadsheet.html",
        title="Update recommendations from a spreadsheet",
        form=form,
        assemblies=all_assemblies(),
        decisions=list(Decision),
        statuses=list(ImplementationStatus),
        action_statuses=list(ActionStatus),
        columns=TRACKER_COLUMNS,
        editable_columns=EDITABLE_COLUMNS,
        can_import=can_manage_assemblies(current_user),
    )


@bp.route("/spreadsheet/confirm", methods=["POST"])
@staff_required
@upload_limit
def confirm_updates():
    form = ConfirmUploadForm()
    if not form.validate_on_submit():
        abort(400)
    pending = take_pending(form.upload_id.data or "", current_user.id, UPDATES_UPLOAD)
    if pending is None:
        flash("That upload has already been used or has expired. Upload the file again.")
        return redirect(url_for("spreadsheets.spreadsheet_page"))
    filename, kept = pending
    planned = cast(list[dict], kept)  # the plan spreadsheet_page kept
    if not runs_inline(len(planned)):
        job = queue_job(
            UPDATES_JOB, current_user, {"planned": planned}, len(planned), filename=filename
        )
        return redirect(url_for("jobs.job_page", job_id=job.id))
    try:
        count = publish_planned(planned, current_user)
    except UpdatesRejected as error:
        flash(f"Nothing was published. {error}. Upload the file again.")
        return redirect(url_for("spreadsheets.spreadsheet_page"))
    flash(applied_message(count, planned), "success")
    return redirect(url_for("spreadsheets.spreadsheet_page"))


@bp.route("/import-recommendations", methods=["GET", "POST"])
@organiser_required
@upload_limit
def import_recommendations():
    form = RecommendationsUploadForm()
    assemblies = all_assemblies()
    form.assembly.choices = [SelectChoice("", "Choose an assembly")] + [
        SelectChoice(assembly.slug, assembly.name) for assembly in assemblies
    ]
    if request.method == "GET" and request.args.get("assembly"):
        form.assembly.data = request.args["assembly"]
    if form.validate_on_submit():
        assembly = next((a for a in assemblies if a.slug == form.assembly.data), None)
        data = _uploaded_bytes(form.recommendations)
        if assembly is None:
            form.assembly.errors.append("Choose the assembly the recommendations belong to")
        elif data is None:
            form.recommendations.errors.append("Select a CSV file")
        else:
            try:
                preview = recommendation_import.preview_recommendations(assembly, data)
            except UploadError as error:
                form.recommendations.errors.append(str(error))
            else:
                upload_id = None
                if not preview.has_problems:
                    upload_id = keep_for_confirmation(
                        current_user.id,
                        RECOMMENDATIONS_UPLOAD,
                        form.recommendations.data.filename,
                        {
                            "assembly_id": assembly.id,
                            "rows": recommendation_import.rows_for_confirmation(preview),
                        },
                    )
                return render_template(
                    "spreadsheets/import_preview.html",
                    title=f"Check the recommendations before adding them to {assembly.name}",
                    preview=preview,
                    filename=form.recommendations.data.filename,
                    confirm_form=ConfirmUploadForm(upload_id=upload_id),
                )
    return render_template(
        "spreadsheets/import.html",
        title="Import recommendations",
        form=form,
        columns=recommendation_import.RECOMMENDATION_COLUMNS,
    )


@bp.route("/import-recommendations/confirm", methods=["POST"])
@organiser_required
@upload_limit
def confirm_recommendations():
    form = ConfirmUploadForm()
    if not form.validate_on_submit():
        abort(400)
    pending = take_pending(form.upload_id.data or "", current_user.id, RECOMMENDATIONS_UPLOAD)
    if pending is None:
        flash("That upload has already been used or has expired. Upload the file again.")
        return redirect(url_for("spreadsheets.import_recommendations"))
    payload = cast(dict, pending[1])  # what import_recommendations kept
    assembly = db.session.get(Assembly, payload["assembly_id"])
    if assembly is None:
        db.session.commit()
        flash("That assembly no longer exists. Nothing was imported.")
        return redirect(url_for("spreadsheets.import_recommendations"))
    if not runs_inline(len(payload["rows"])):
        job = queue_job(
            RECOMMENDATIONS_JOB,
            current_user,
            payload,
            len(payload["rows"]),
            filename=pending[0],
            assembly_id=assembly.id,
        )
        return redirect(url_for("jobs.job_page", job_id=job.id))
    try:
        created = recommendation_import.import_recommendations(assembly, payload["rows"])
    except UploadError as error:
        db.session.rollback()
        flash(
            "Nothing was imported, because something changed since you checked the file: "
            f"{error}. Upload it again."
        )
        return redirect(url_for("spreadsheets.import_recommendations", assembly=assembly.slug))
    flash(
        f"{len(created)} {'recommendation was' if len(created) == 1 else 'recommendations were'} "
        f"added to {assembly.name}.",
        "success",
    )
    return redirect(url_for("spreadsheets.import_recommendations", assembly=assembly.slug))
