"""Members' assessment of a published report: a round with a closing date, in which every member
of the assembly rates the council's response to each recommendation; the results (counts only,
and reasons members agreed may be quoted) are published with the report once it closes.
"""

from flask import Flask

from portal.registry import add_cached_page, add_demo_step, add_listener, add_report_panel


def init_app(app: Flask) -> None:
    from portal.assessments.cli import COMMANDS
    from portal.assessments.demo import add_assessments_demo
    from portal.assessments.notifications import LISTENERS
    from portal.assessments.panels import assessment_panel
    from portal.assessments.routes import bp

    app.register_blueprint(bp)
    add_cached_page(app, "assessments.results", "assembly")
    add_cached_page(app, "assessments.results_csv", "assembly")
    add_cached_page(app, "assessments.results_json", "assembly")
    for command in COMMANDS:
        app.cli.add_command(command)
    for event, listener in LISTENERS:
        add_listener(app, event, listener)
    add_report_panel(app, assessment_panel)
    add_demo_step(app, add_assessments_demo, 75)
