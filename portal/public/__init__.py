"""The public record: assemblies, their recommendations and the council's responses, plus open data.

Public assemblies are open to everyone; a private assembly is shown only to its members, officers
and organisers, and is a 404 to everyone else.
"""

from flask import Flask

from portal.registry import add_cached_page, add_navigation
from portal.templating import SIGNED_OUT


def init_app(app: Flask) -> None:
    from portal.public.record import decision_record_of
    from portal.public.routes import bp

    app.register_blueprint(bp)
    add_cached_page(app, "public.assembly", "assembly")
    add_cached_page(app, "public.recommendation", "assembly")
    add_cached_page(app, "public.about_feed", "assembly")
    add_cached_page(app, "public.feed", "assembly")
    add_cached_page(app, "public.recommendations_json", "assembly")
    add_cached_page(app, "public.recommendations_csv", "assembly")
    add_cached_page(app, "public.assemblies", "site")
    app.add_template_global(decision_record_of, "decision_record_of")
    add_navigation(app, "public.assemblies", "Assemblies", (SIGNED_OUT,), 10)
