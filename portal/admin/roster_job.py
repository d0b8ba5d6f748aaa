"""A confirmed roster of many people is invited by a background job (:mod:`portal.jobs`).

The job calls :func:`portal.admin.invitations.import_roster`, as the page does for a small
roster: everyone is invited, or nobody.
"""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.admin import invitations
from portal.jobs.services import JobFailed, JobKind, progress_numbers
from portal.models import Job, User
from portal.registry import add_job_kind
from portal.spreadsheets.progress import Progress

ROSTER_JOB = "roster"


def _run(payload: dict, user: User, progress: Progress) -> str:
    try:
        count = invitations.import_roster(payload["rows"], user, progress=progress, commit=False)
    except ValueError as error:
        raise JobFailed(
            _(
                "Nobody was invited, because something changed since you checked the file: "
                "%(reason)s. Upload it again.",
                reason=error,
            )
        ) from error
    return ngettext(
        "%(num)d invitation has been sent.", "%(num)d invitations have been sent.", count
    )


def _progress_text(done: int, total: int) -> str:
    return ngettext(
        "%(done)s of %(total)s person invited",
        "%(done)s of %(total)s people invited",
        total,
        **progress_numbers(done, total),
    )


def _back(job: Job) -> tuple[str, str]:
    return _("Back to invitations"), url_for("admin.invitations_list")


def init_app(app: Flask) -> None:
    add_job_kind(
        app,
        ROSTER_JOB,
        JobKind(
            name=ROSTER_JOB,
            title=lambda: _("Sending invitations"),
            progress_text=_progress_text,
            run=_run,
            back=_back,
        ),
    )
