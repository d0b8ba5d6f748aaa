from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text

from portal.extensions import db
from portal.main import legal
from portal.public.assemblies import public_assemblies

bp = Blueprint("main", __name__)

# Where each role lands after signing in.
LANDING_PAGES = {
    "organiser": "admin.dashboard",
    "officer": "tracker.my_recommendations",
    "member": "scrutiny.home",
    "approver": "tracker.table",
    "colleague": "tracker.table",
    "partner": "partners.home",
}


@bp.route("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for(LANDING_PAGES.get(current_user.role, "scrutiny.home")))
    return render_template(
        "main/home.html",
        title="Follow what happened to your assembly’s recommendations",
        public_assemblies=public_assemblies(),
    )


@bp.route("/accessibility")
def accessibility():
    return render_template(
        "main/accessibility.html",
        title=_("Accessibility statement"),
        **legal.accessibility_values(),
    )


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html", title=_("Privacy notice"), **legal.privacy_values())


@bp.route("/cookies")
def cookies():
    return render_template("main/cookies.html", title=_("Cookies"), cookies=legal.cookies())


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    except Exception:  # any database failure means this process cannot serve requests
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
