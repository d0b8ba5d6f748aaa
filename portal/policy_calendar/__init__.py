"""The policy calendar: the points in the policy cycle (a cabinet meeting, full council, a
committee, a partner's board) where an assembly's recommendations are decided on, what each
decided, an iCalendar feed to subscribe to, and the 14-day reminder to followers.

The package is ``policy_calendar`` so that it never shadows the standard library's ``calendar``.
"""

from flask import Flask

from portal.registry import (
    add_assembly_panel,
    add_cached_page,
    add_demo_step,
    add_recommendation_panel,
)


def init_app(app: Flask) -> None:
    from portal.policy_calendar import services
    from portal.policy_calendar.cli import COMMANDS
    from portal.policy_calendar.demo import add_calendar_demo
    from portal.policy_calendar.panels import calendar_link_panel, upcoming_panel
    from portal.policy_calendar.routes import bp
    from portal.reports.services import markdown_html

    app.register_blueprint(bp)
    add_cached_page(app, "policy_calendar.calendar", "assembly")
    add_cached_page(app, "policy_calendar.calendar_ics", "assembly")
    add_cached_page(app, "policy_calendar.calendar_json", "assembly")
    for command in COMMANDS:
        app.cli.add_command(command)
    add_recommendation_panel(app, upcoming_panel)
    add_assembly_panel(app, calendar_link_panel)
    app.add_template_filter(services.when_text, "decision_when")
    app.add_template_filter(services.summary, "decision_summary")
    app.add_template_filter(services.is_outcome_missing, "outcome_missing")
    app.add_template_filter(services.has_happened, "has_happened")
    app.add_template_filter(markdown_html, "calendar_markdown")
    add_demo_step(app, add_calendar_demo, 80)
