"""A member's home page and notifications."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.pagination import page_number
from portal.permissions import signed_in_required
from portal.scrutiny import home as home_service
from portal.scrutiny import notifications
from portal.scrutiny.forms import ConfirmForm
from portal.scrutiny.routes import bp
from portal.timeutil import today


@bp.route("/home")
@signed_in_required
def home():
    return render_template(
        "scrutiny/home.html",
        title=_("Your assemblies"),
        home=home_service.home_for(current_user),
        today=today(),
        follow_form=ConfirmForm(formdata=None, next=url_for("scrutiny.home")),
    )


@bp.route("/notifications")
@signed_in_required
def notifications_page():
    items, page, pages = notifications.notifications_page(current_user, page_number())
    return render_template(
        "scrutiny/notifications.html",
        title=_("Notifications"),
        items=items,
        page=page,
        pages=pages,
    )
