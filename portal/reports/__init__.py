"""The council's public reports on an assembly: first response, annual and final reports.

Organisers draft a report at ``/admin/assemblies/<slug>/reports/new``, check that every
recommendation is covered, and publish it; publishing freezes a snapshot that the public page
and the downloads are made from, and tells the assembly's members.
"""

from flask import Flask

from portal.registry import add_assembly_panel, add_cached_page, add_demo_step, add_listener


def init_app(app: Flask) -> None:
    from portal.reports import panels, services
    from portal.reports.demo import add_reports_demo
    from portal.reports.notifications import LISTENERS
    from portal.reports.routes import bp

    app.register_blueprint(bp)
    add_cached_page(app, "reports.report", "assembly")
    add_cached_page(app, "reports.report_csv", "assembly")
    add_cached_page(app, "reports.report_json", "assembly")
    add_cached_page(app, "reports.report_docx", "assembly")
    app.add_template_filter(services.markdown_html, "report_markdown")
    for event, listener in LISTENERS:
        add_listener(app, event, listener)
    add_assembly_panel(app, panels.reports_panel)
    add_demo_step(app, add_reports_demo, 70)
