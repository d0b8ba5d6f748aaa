"""The spreadsheet uploads that run as background jobs (:mod:`portal.jobs`) when they are big.

``tracker-updates``: a confirmed tracker spreadsheet (its plan from
:func:`portal.spreadsheets.update_plan.plan_updates`), published with
:func:`portal.spreadsheets.updates.publish_planned`. ``recommendations``: a confirmed
recommendations import, added with
:func:`portal.spreadsheets.recommendation_import.import_recommendations`. Both apply everything
or nothing, through the same services as the pages and the CLI.
"""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.extensions import db
from portal.jobs.services import JobFailed, JobKind, progress_numbers
from portal.models import Assembly, Job, User
from portal.registry import add_job_kind
from portal.spreadsheets import recommendation_import
from portal.spreadsheets.progress import Progress
from portal.spreadsheets.updates import UpdatesRejected, applied_message, publish_planned
from portal.uploads import UploadError

UPDATES_JOB = "tracker-updates"
RECOMMENDATIONS_JOB = "recommendations"


def _run_updates(payload: dict, user: User, progress: Progress) -> str:
    planned = payload["planned"]
    try:
        count = publish_planned(planned, user, progress=progress, commit=False)
    except UpdatesRejected as error:
        raise JobFailed(
            _("Nothing was published. %(reason)s. Upload the file again.", reason=error)
        ) from error
    return applied_message(count, planned)


def _updates_text(done: int, total: int) -> str:
    return ngettext(
        "%(done)s of %(total)s change applied",
        "%(done)s of %(total)s changes applied",
        total,
        **progress_numbers(done, total),
    )


def _updates_back(job: Job) -> tuple[str, str]:
    return _("Back to the tracker spreadsheet"), url_for("spreadsheets.spreadsheet_page")


def _run_recommendations(payload: dict, user: User, progress: Progress) -> str:
    assembly = db.session.get(Assembly, payload["assembly_id"])
    if assembly is None:
        raise JobFailed(_("That assembly no longer exists. Nothing was imported."))
    try:
        created = recommendation_import.import_recommendations(
            assembly, payload["rows"], progress=progress, commit=False
        )
    except UploadError as error:
        raise JobFailed(
            _(
                "Nothing was imported, because something changed since you checked the file: "
                "%(reason)s. Upload it again.",
                reason=error,
            )
        ) from error
    return ngettext(
        "%(num)d recommendation was added to %(assembly)s.",
        "%(num)d recommendations were added to %(assembly)s.",
        len(created),
        assembly=assembly.name,
    )


def _recommendations_text(done: int, total: int) -> str:
    return ngettext(
        "%(done)s of %(total)s recommendation added",
        "%(done)s of %(total)s recommendations added",
        total,
        **progress_numbers(done, total),
    )


def _recommendations_back(job: Job) -> tuple[str, str]:
    assembly = db.session.get(Assembly, job.assembly_id) if job.assembly_id else None
    return _("Back to importing recommendations"), url_for(
        "spreadsheets.import_recommendations", assembly=assembly.slug if assembly else None
    )


def init_app(app: Flask) -> None:
    add_job_kind(
        app,
        UPDATES_JOB,
        JobKind(
            name=UPDATES_JOB,
            title=lambda: _("Publishing your spreadsheet"),
            progress_text=_updates_text,
            run=_run_updates,
            back=_updates_back,
        ),
    )
    add_job_kind(
        app,
        RECOMMENDATIONS_JOB,
        JobKind(
            name=RECOMMENDATIONS_JOB,
            title=lambda: _("Importing recommendations"),
            progress_text=_recommendations_text,
            run=_run_recommendations,
            back=_recommendations_back,
        ),
    )
