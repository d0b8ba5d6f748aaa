"""Actions under a recommendation: the concrete steps that deliver it, each with an owner, a due
date, a status and a progress figure; an update can move them on; the recommendation's progress
can be their roll-up (the assembly's ``progress_from_actions``); a missed milestone is flagged to
the lead, the organisers and the public.
"""

from flask import Flask

from portal.registry import add_demo_step, add_recommendation_panel


def init_app(app: Flask) -> None:
    from portal.actions import panels
    from portal.actions.demo import add_actions_demo
    from portal.actions.routes import bp

    app.register_blueprint(bp)
    add_recommendation_panel(app, panels.recommendation_panel)
    add_demo_step(app, add_actions_demo, 20)  # after the response history (10)
