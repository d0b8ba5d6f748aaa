"""Member scrutiny: follow, discuss, judge and question the authority's responses.

Its panels appear on the public package's recommendation and assembly pages.
"""

from flask import Flask

from portal.registry import (
    add_assembly_panel,
    add_demo_step,
    add_listener,
    add_navigation,
    add_recommendation_panel,
)


def init_app(app: Flask) -> None:
    from portal.scrutiny import panels, questions, templating
    from portal.scrutiny.demo import add_scrutiny_demo
    from portal.scrutiny.routes import bp

    app.register_blueprint(bp)
    templating.init_app(app)
    # Before the mail package's listener, which tells the new lead about the questions moved.
    add_listener(app, "leads_assigned", questions.move_open_questions)
    for provider in panels.RECOMMENDATION_PANELS:
        add_recommendation_panel(app, provider)
    add_assembly_panel(app, panels.scorecard_panel)
    add_navigation(app, "scrutiny.home", "Your assemblies", ("member",), 10)
    add_navigation(app, "scrutiny.questions_to_answer", "Questions", ("officer", "organiser"), 70)
    add_navigation(app, "scrutiny.moderation_queue", "Moderation", ("organiser",), 80)
    add_demo_step(app, add_scrutiny_demo, 60)
