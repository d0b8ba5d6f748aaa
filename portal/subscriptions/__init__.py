"""Email updates for anyone: subscriptions without an account to a public assembly or one of its
recommendations (double opt-in, immediately / daily / weekly, one-click unsubscribe, a manage
page at ``/subscriptions/<token>``). Subscribers are not accounts."""

from flask import Flask

from portal.registry import (
    add_assembly_panel,
    add_demo_step,
    add_listener,
    add_recommendation_panel,
)


def init_app(app: Flask) -> None:
    from portal.subscriptions.delivery import notify_subscribers_of_entry
    from portal.subscriptions.demo import add_demo_subscriptions
    from portal.subscriptions.panels import assembly_panel, recommendation_panel
    from portal.subscriptions.routes import bp

    app.register_blueprint(bp)
    add_listener(app, "entry_published", notify_subscribers_of_entry)
    add_assembly_panel(app, assembly_panel)
    add_recommendation_panel(app, recommendation_panel)
    add_demo_step(app, add_demo_subscriptions, 60)
