"""The members' statement responding to a published report, and the council's reply to it.

An organiser opens a draft under a published report; members propose text and comment; the
organiser edits the text and opens it for endorsement; members endorse it; once published, the
statement and its endorsement count appear on the report page, and the council owes a reply by
``STATEMENT_REPLY_WEEKS`` after.
"""

from flask import Flask

from portal.registry import add_assembly_panel, add_demo_step, add_listener, add_report_panel


def init_app(app: Flask) -> None:
    from portal.statements import panels
    from portal.statements.demo import add_statements_demo
    from portal.statements.notifications import LISTENERS
    from portal.statements.routes import bp

    app.register_blueprint(bp)
    for event, listener in LISTENERS:
        add_listener(app, event, listener)
    add_report_panel(app, panels.report_panel)
    add_assembly_panel(app, panels.assembly_panel)
    add_demo_step(app, add_statements_demo, 75)  # after the reports (70)
