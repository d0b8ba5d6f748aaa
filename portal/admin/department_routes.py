"""Organisers: the senior contact of each department, whom late recommendations escalate to."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.admin.forms import DepartmentContactForm
from portal.admin.routes import bp
from portal.extensions import db
from portal.permissions import organiser_required
from portal.problems import Problems
from portal.tracker import escalation


@bp.route("/departments", methods=["GET", "POST"])
@organiser_required
def departments():
    form = DepartmentContactForm()
    if form.validate_on_submit():
        try:
            contact = escalation.save_contact(
                form.department.data or "",
                form.name.data or "",
                form.role.data or "",
                form.email.data or "",
            )
        except Problems as problems:
            problems.show_on(form, fallback="department")
        else:
            db.session.commit()
            flash(
                _(
                    "%(name)s is now the senior contact for %(department)s.",
                    name=contact.name,
                    department=contact.department,
                ),
                "success",
            )
            return redirect(url_for("admin.departments"))
    return render_template(
        "admin/departments.html",
        title=_("Senior contacts for escalation"),
        contacts=escalation.contacts(),
        form=form,
    )
