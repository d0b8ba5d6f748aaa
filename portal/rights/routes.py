"""People's data rights: download your data, delete your account, and organisers deleting an
account on a member's request."""

from __future__ import annotations

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user

from portal.auth import services as auth_services
from portal.auth.passwords import verify_password
from portal.extensions import db, limiter
from portal.forms import comparable_email
from portal.mail import send_email
from portal.models import User, UserToken
from portal.permissions import (
    can_delete_own_account,
    can_erase_account,
    organiser_required,
    signed_in_required,
)
from portal.rights import erasure, export
from portal.rights.forms import (
    ConfirmDeleteForm,
    DeleteAccountForm,
    DownloadDataForm,
    EmailDeleteLinkForm,
    EraseAccountForm,
)
from portal.templating import absolute_url
from portal.timeutil import today, utcnow
from portal.tokens import TokenError, TokenProblem, new_link_token

bp = Blueprint("rights", __name__)

DELETE_LINK = "erase"
DELETE_LINK_MINUTES = 60


def _person_key() -> str:
    return f"rights:{current_user.id}" if current_user.is_authenticated else "rights:anonymous"


def _password_failed(response) -> bool:
    return bool(g.get("erase_password_failed"))


@bp.route("/account/data", methods=["GET", "POST"])
@signed_in_required
def download_data():
    form = DownloadDataForm()
    if form.validate_on_submit():
        payload = export.build_zip(current_user._get_current_object())
        return Response(
            payload,
            mimetype="application/zip",
            headers={
                "Content-Disposition": f'attachment; filename="my-portal-data-{today()}.zip"',
                "Cache-Control": "no-store",
            },
        )
    return render_template(
        "rights/download.html", title=_("Download your data"), form=form, sections=export.SECTIONS
    )


@bp.route("/account/delete", methods=["GET", "POST"])
@signed_in_required
@limiter.limit(
    lambda: current_app.config["RATELIMIT_SIGN_IN_PER_ACCOUNT"],
    key_func=_person_key,
    methods=["POST"],
    deduct_when=_password_failed,
)
def delete_account():
    if not can_delete_own_account(current_user):
        return render_template("rights/delete_staff.html", title=_("Delete your account"))
    form = DeleteAccountForm()
    has_password = bool(current_user.password_hash)
    if not has_password:
        del form.password
    elif form.validate_on_submit():
        if verify_password(current_user.password_hash, form.password.data):
            return _erase_current_user()
        g.erase_password_failed = True
        form.password.errors.append(_("Your password is not correct"))
    return render_template(
        "rights/delete.html",
        title=_("Delete your account"),
        form=form if has_password else None,
        password_form=form if has_password else None,
        link_form=EmailDeleteLinkForm(prefix="link"),
        link_minutes=DELETE_LINK_MINUTES,
    )


@bp.route("/account/delete/email", methods=["POST"])
@signed_in_required
@limiter.limit(
    lambda: current_app.config["RATELIMIT_LINKS_PER_ACCOUNT"],
    key_func=_person_key,
    methods=["POST"],
)
def email_delete_link():
    if not can_delete_own_account(current_user):
        abort(403)
    if not EmailDeleteLinkForm(prefix="link").validate_on_submit():
        return redirect(url_for("rights.delete_account"))
    user = current_user._get_current_object()
    token, token_hash = new_link_token(DELETE_LINK)
    db.session.add(
        UserToken(
            user_id=user.id,
            purpose=DELETE_LINK,
            token_hash=token_hash,
            expires_at=utcnow() + timedelta(minutes=DELETE_LINK_MINUTES),
        )
    )
    send_email(
        user.email,
        _("Delete your account"),
        "delete_account_link",
        user_id=user.id,
        user=user,
        link=absolute_url("rights.confirm_delete_link", token=token),
        minutes=DELETE_LINK_MINUTES,
    )
    db.session.commit()
    return render_template(
        "rights/check_email.html",
        title=_("Check your email"),
        email=user.email,
        minutes=DELETE_LINK_MINUTES,
    )


@bp.route("/account/delete/confirm/<token>", methods=["GET", "POST"])
def confirm_delete_link(token: str):
    # A button first, so an email scanner that opens the link deletes nothing.
    form = ConfirmDeleteForm()
    try:
        if form.validate_on_submit():
            record = auth_services.redeem_link(token, DELETE_LINK)
            if record.user is None or not can_delete_own_account(record.user):
                raise TokenError(TokenProblem.EXPIRED)
            return _erase(record.user)
        auth_services.check_link(token, DELETE_LINK)
    except TokenError as error:
        db.session.rollback()
        return (
            render_template(
                "rights/link_problem.html",
                title=str(_LINK_TITLES[error.problem]),
                problem=error.problem,
            ),
            400 if error.problem == "invalid" else 410,
        )
    return render_template("rights/confirm_link.html", title=_("Delete your account"), form=form)


_LINK_TITLES = {
    TokenProblem.INVALID: _l("This link does not work"),
    TokenProblem.EXPIRED: _l("This link has expired"),
    TokenProblem.USED: _l("This link has already been used"),
}


def _erase_current_user():
    return _erase(current_user._get_current_object())


def _erase(user: User):
    """Erase ``user``; if they are the one signed in here, sign this browser out too."""
    signed_in_here = current_user.is_authenticated and current_user.id == user.id
    g.pop("user_session", None)
    erasure.erase_account(user)
    db.session.commit()
    if signed_in_here:
        logout_user()
        session.clear()
        session["_remember"] = "clear"  # Flask-Login then deletes the "Keep me signed in" cookie
    return render_template("rights/deleted.html", title=_("Your account has been deleted"))


@bp.route("/admin/people/<int:user_id>/delete", methods=["GET", "POST"])
@organiser_required
def erase_person(user_id: int):
    person = db.session.get(User, user_id) or abort(404)
    if not can_erase_account(current_user, person):
        return (
            render_template(
                "rights/erase_refused.html", title=_("This account cannot be deleted here")
            ),
            403,
        )
    form = EraseAccountForm()
    if form.validate_on_submit():
        typed = comparable_email(form.confirm_email.data or "")
        if typed != comparable_email(person.email):
            form.confirm_email.errors.append(
                _("The email address you typed is not this person's. Check it and type it again")
            )
        else:
            erasure.erase_account(person, actor=current_user, reason=form.reason.data)
            db.session.commit()
            flash(_("The account has been deleted. The moderation log records why."), "success")
            return redirect(url_for("scrutiny.moderation_log"))
    return render_template(
        "rights/erase_person.html", title=_("Delete a member's account"), form=form, person=person
    )
