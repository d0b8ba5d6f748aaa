"""The search page. A GET form, so it works without JavaScript and a search can be linked to."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _

from portal.extensions import db
from portal.models import Assembly
from portal.permissions import can_search_assembly
from portal.search.queries import MAX_QUERY, highlight, search, words_of

bp = Blueprint("search", __name__)


@bp.route("/search")
def search_page():
    query = (request.args.get("q") or "")[:MAX_QUERY].strip()
    slug = (request.args.get("assembly") or "").strip()
    assembly = None
    if slug:
        assembly = db.session.scalar(db.select(Assembly).where(Assembly.slug == slug[:200]))
        if assembly is None or not can_search_assembly(assembly):
            abort(404)
    results = search(query, assembly) if query else []
    words = words_of(query)
    if assembly is not None:
        title = _("Search the recommendations of the %(assembly)s", assembly=assembly.name)
    else:
        title = _("Search what the council did with assemblies’ recommendations")
    return render_template(
        "search/results.html",
        title=title,
        query=query,
        searched=bool(query),
        assembly=assembly,
        results=results,
        titles={r.recommendation.id: highlight(r.recommendation.title, words) for r in results},
    )


def search_panel(assembly: Assembly, user) -> dict | None:
    """The search box on a public assembly's page, searching that assembly only."""
    if not can_search_assembly(assembly):
        return None
    return {
        "template": "search/_panel.html",
        "action": url_for("search.search_page"),
        "assembly": assembly,
    }
