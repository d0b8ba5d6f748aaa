"""Search the public record: ``/search?q=`` across public assemblies, and a search box on each
public assembly's page that searches that assembly only."""

from flask import Flask

from portal.registry import add_assembly_panel, add_cached_page


def init_app(app: Flask) -> None:
    from portal.search.routes import bp, search_panel

    app.register_blueprint(bp)
    add_cached_page(app, "search.search_page", "site")
    add_assembly_panel(app, search_panel)
