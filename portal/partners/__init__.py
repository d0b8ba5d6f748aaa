"""Partners: organisations outside the authority, the people who act for them, and each
assembly's civic charter that organisations sign."""

from flask import Flask


def init_app(app: Flask) -> None:
    from portal.partners.routes import bp, logo_url

    app.register_blueprint(bp)
    app.add_template_global(logo_url, "organisation_logo_url")
