"""The tracker: officers and organisers keep every recommendation's response up to date."""

from flask import Flask

from portal.registry import add_demo_step, add_navigation


def init_app(app: Flask) -> None:
    from portal.tracker.cli import send_monthly_packs_command
    from portal.tracker.deadlines import lateness
    from portal.tracker.demo import add_response_history, add_sign_off_demo
    from portal.tracker.routes import bp

    app.register_blueprint(bp, url_prefix="/tracker")
    app.add_template_global(lateness, "lateness")
    app.cli.add_command(send_monthly_packs_command)
    add_navigation(app, "tracker.my_recommendations", "My recommendations", ("officer",), 40)
    add_navigation(
        app, "tracker.table", "Tracker", ("officer", "organiser", "approver", "colleague"), 50
    )
    add_navigation(app, "tracker.sign_off_queue", "Sign-off", ("approver",), 55)
    # First of the demo steps: discussion and verdicts refer to the response history.
    add_demo_step(app, add_response_history, 10)
    # Last: sign-off starts once the history, discussion and email are in place.
    add_demo_step(app, add_sign_off_demo, 90)
