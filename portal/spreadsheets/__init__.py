"""The tracker as a spreadsheet: exporting it, uploading edited copies, importing recommendations.

The web pages (:mod:`.routes`) and the CLI (:mod:`.cli`) only call the services: :mod:`.export`,
:mod:`.update_plan` (reading an upload), :mod:`.updates` (applying it) and
:mod:`.recommendation_import`, on top of :mod:`.files` (reading and writing files safely) and
:mod:`.cells` (reading what was typed into a cell).
"""

from __future__ import annotations

from flask import Flask

from portal.registry import add_navigation


def init_app(app: Flask) -> None:
    """Register the pages under ``/tracker``, the ``import-*`` commands, the header link and
    the background jobs that apply big uploads (:mod:`.jobs`)."""
    from portal.spreadsheets import jobs
    from portal.spreadsheets.cli import COMMANDS
    from portal.spreadsheets.routes import bp

    app.register_blueprint(bp, url_prefix="/tracker")
    for command in COMMANDS:
        app.cli.add_command(command)
    add_navigation(
        app, "spreadsheets.spreadsheet_page", "Spreadsheet", ("officer", "organiser"), 60
    )
    jobs.init_app(app)
