import json
from typing import Any

from flask import Blueprint, Response, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import pages
from portal.permissions import (
    assembly_for_viewer_or_404,
    can_respond_to,
    can_subscribe_by_email,
)
from portal.public import open_data
from portal.public.assemblies import visible_assemblies
from portal.public.charts import assembly_overview
from portal.public.feed import atom_feed
from portal.public.forms import RecommendationFilterForm
from portal.public.listing import recommendations_of, themes_of
from portal.public.progress import PERIODS, changed_period, overall_progress, recent_changes
from portal.public.record import lead_line, recommendation_in, timeline_of
from portal.templating import absolute_url
from portal.tracker.deadlines import lateness
from portal.tracker.extensions import deadline_lines

bp = Blueprint("public", __name__)


@bp.route("/assemblies")
def assemblies():
    return render_template(
        "public/assemblies.html",
        title=_("Citizens’ assemblies and what the council did with their recommendations"),
        listings=visible_assemblies(current_user),
    )


@bp.route("/assemblies/<slug>")
def assembly(slug: str):
    assembly = assembly_for_viewer_or_404(slug, current_user)
    filter_form = RecommendationFilterForm(request.args, themes_of(assembly))
    filters = filter_form.filters()
    days = changed_period(request.args.get("changed"))
    return render_template(
        "public/assembly.html",
        title=_(
            "%(assembly)s: what the council did with the recommendations", assembly=assembly.name
        ),
        assembly=assembly,
        overview=assembly_overview(assembly),
        progress=overall_progress(assembly),
        changes=recent_changes(assembly, days),
        period_links=_period_links(assembly, days, filter_form),
        # The filter form keeps a period other than the default.
        kept_period=days if days != PERIODS[0] else None,
        filter_form=filter_form,
        filters=filters,
        listed=recommendations_of(assembly, filters),
        panels=pages.assembly_panels(assembly, current_user),
    )


def _period_links(assembly, days: int, filter_form: RecommendationFilterForm) -> list[dict]:
    """The links that switch "What changed" between 30 and 90 days, keeping any filters."""
    names = {field.name for field in filter_form}
    kept: dict[str, Any] = {
        key: value for key, value in request.args.items() if key in names and value
    }
    return [
        {
            "days": period,
            "text": _("Last %(days)d days", days=period),
            "link_text": _("Show the last %(days)d days", days=period),
            "href": url_for(
                "public.assembly",
                slug=assembly.slug,
                **kept,
                changed=period,
                _anchor="what-changed",
            ),
            "current": period == days,
        }
        for period in PERIODS
    ]


@bp.route("/assemblies/<slug>/recommendations/<int:number>")
def recommendation(slug: str, number: int):
    assembly = assembly_for_viewer_or_404(slug, current_user)
    recommendation = recommendation_in(assembly, number) or abort(404)
    return render_template(
        "public/recommendation.html",
        title=_(
            "Recommendation %(number)s: %(title)s",
            number=recommendation.number,
            title=recommendation.title,
        ),
        assembly=assembly,
        recommendation=recommendation,
        late=lateness(recommendation.next_report_due),
        deadline_lines=deadline_lines(recommendation),
        lead_line=lead_line(recommendation),
        timeline=timeline_of(recommendation),
        panels=pages.recommendation_panels(recommendation, current_user),
        can_respond=can_respond_to(current_user, recommendation),
    )


@bp.route("/assemblies/<slug>/feed")
def about_feed(slug: str):
    """What a feed is, with the email subscription offered first and the raw feed one link on."""
    assembly = assembly_for_viewer_or_404(slug, current_user)
    return render_template(
        "public/about_feed.html",
        title=_("Follow %(name)s in a feed reader", name=assembly.name),
        assembly=assembly,
        can_subscribe=can_subscribe_by_email(assembly),
        feed_url=absolute_url("public.feed", slug=assembly.slug),
    )


@bp.route("/assemblies/<slug>/feed.atom")
def feed(slug: str):
    assembly = assembly_for_viewer_or_404(slug, current_user)
    return _open_data(assembly, atom_feed(assembly), "application/atom+xml; charset=utf-8")


@bp.route("/assemblies/<slug>/recommendations.json")
def recommendations_json(slug: str):
    assembly = assembly_for_viewer_or_404(slug, current_user)
    body = json.dumps(open_data.recommendations_json(assembly), ensure_ascii=False, indent=2)
    return _open_data(assembly, body, "application/json; charset=utf-8")


@bp.route("/assemblies/<slug>/recommendations.csv")
def recommendations_csv(slug: str):
    assembly = assembly_for_viewer_or_404(slug, current_user)
    response = _open_data(
        assembly, open_data.recommendations_csv(assembly), "text/csv; charset=utf-8"
    )
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{assembly.slug}-recommendations.csv"'
    )
    return response


def _open_data(assembly, body, content_type: str) -> Response:
    response = Response(body, content_type=content_type)
    if assembly.is_public:
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response
