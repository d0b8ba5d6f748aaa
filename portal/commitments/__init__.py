"""Partners' commitments: organisations that signed an assembly's civic charter commit to act
on its recommendations (what, by when), publish updates on them, and are reminded when one is
due; the public sees them on the recommendation's page and in open data."""

from flask import Flask

from portal.registry import (
    add_demo_step,
    add_listener,
    add_navigation,
    add_recommendation_panel,
)


def init_app(app: Flask) -> None:
    from portal.commitments.cli import COMMANDS
    from portal.commitments.demo import add_commitments_demo
    from portal.commitments.notifications import notify_followers_of_update
    from portal.commitments.panels import commitments_panel
    from portal.commitments.routes import bp

    app.register_blueprint(bp)
    for command in COMMANDS:
        app.cli.add_command(command)
    add_recommendation_panel(app, commitments_panel)
    add_listener(app, "commitment_update_published", notify_followers_of_update)
    add_navigation(app, "commitments.my_commitments", "Your commitments", ("partner",), 50)
    add_demo_step(app, add_commitments_demo, 90)  # after the charter's signatories (85)
