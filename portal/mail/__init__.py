"""Email: messages are queued in the outbox with the event that causes them; a worker sends them."""

from flask import Flask

from portal.mail.outbox import send_email
from portal.registry import add_demo_step, add_listener, add_navigation

__all__ = ["init_app", "send_email"]


def init_app(app: Flask) -> None:
    from portal.mail.cli import COMMANDS
    from portal.mail.demo import add_demo_email, date_demo_notifications
    from portal.mail.notifications import LISTENERS
    from portal.mail.routes import bp, uk_datetime

    app.register_blueprint(bp)
    for command in COMMANDS:
        app.cli.add_command(command)
    app.add_template_filter(uk_datetime, "uk_datetime")
    for event, listener in LISTENERS:
        add_listener(app, event, listener)
    add_navigation(app, "mail.bulletin_list", "Bulletins", ("organiser",), 90)
    add_navigation(app, "mail.sent_email", "Sent email", ("organiser",), 100)
    add_navigation(
        app,
        "mail.bulletins_received",
        "Bulletins",
        ("member", "officer", "approver", "colleague"),
        110,
    )
    add_navigation(
        app, "mail.preferences", "Email preferences", ("member", "officer", "organiser"), 120
    )
    add_demo_step(app, add_demo_email, 50)
    add_demo_step(app, date_demo_notifications, 10_000)  # last: dates what the others made
