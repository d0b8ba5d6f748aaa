"""Following and unfollowing a recommendation."""

from __future__ import annotations

from flask import abort, redirect
from flask_babel import gettext as _
from flask_login import current_user

from portal import permissions
from portal.extensions import db
from portal.following import set_following
from portal.links import recommendation_url
from portal.notices import flash_success
from portal.permissions import signed_in_required
from portal.redirects import safe_next
from portal.scrutiny.forms import ConfirmForm
from portal.scrutiny.routes import bp
from portal.scrutiny.routes.common import _recommendation


def _set_following(slug: str, number: int, following: bool):
    recommendation = _recommendation(slug, number)
    if not permissions.can_follow(current_user, recommendation.assembly):
        abort(403)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    set_following(current_user, recommendation, following)
    db.session.commit()
    name = f"recommendation {recommendation.number}: {recommendation.title}"
    flash_success(
        _("You are following %(name)s.", name=name)
        if following
        else _("You have stopped following %(name)s.", name=name)
    )
    return redirect(safe_next(form.next.data) or recommendation_url(recommendation))


@bp.route("/assemblies/<slug>/recommendations/<int:number>/follow", methods=["POST"])
@signed_in_required
def follow(slug: str, number: int):
    return _set_following(slug, number, True)


@bp.route("/assemblies/<slug>/recommendations/<int:number>/unfollow", methods=["POST"])
@signed_in_required
def unfollow(slug: str, number: int):
    return _set_following(slug, number, False)
