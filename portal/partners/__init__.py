"""Partners: organisations outside the authority, the people who act for them, and each
assembly's civic charter that organisations sign."""

from flask import Flask

from portal.registry import add_assembly_panel, add_demo_step, add_listener, add_navigation


def init_app(app: Flask) -> None:
    from portal.partners import charter_routes, referral_routes  # noqa: F401 - views on bp
    from portal.partners.demo import add_charter_demo, add_referrals_demo
    from portal.partners.panels import charter_link_panel
    from portal.partners.referrals import on_entry_published
    from portal.partners.routes import bp, logo_url
    from portal.reports.services import markdown_html

    app.register_blueprint(bp)
    app.add_template_global(logo_url, "organisation_logo_url")
    app.add_template_filter(markdown_html, "charter_markdown")
    add_assembly_panel(app, charter_link_panel)
    add_listener(app, "entry_published", on_entry_published)
    add_navigation(app, "partners.home", "Your organisation", ("partner",), 10)
    add_demo_step(app, add_charter_demo, 85)  # after the policy calendar (80)
    add_demo_step(app, add_referrals_demo, 86)  # after the charter: its signatories
