"""Background jobs: long work that leaves the request and is done by the worker.

A confirm step queues a :class:`portal.models.Job` with the checked upload
(:func:`.services.queue_job`) and redirects to its progress page (:mod:`.routes`,
``/jobs/<id>``). The mail worker's loop claims and runs queued jobs (:mod:`.worker`), each in
one transaction: everything is applied, or nothing. Progress is written outside that
transaction (:mod:`.progress`), so the page can show it while the job runs.

The packages that own the work register their kinds of job with
:func:`portal.registry.add_job_kind` in their ``init_app``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the progress pages under ``/jobs``."""
    from portal.jobs.routes import bp

    app.register_blueprint(bp, url_prefix="/jobs")
